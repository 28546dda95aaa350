/* main.c - the clustereval binary: everything else lives in the library. */
#include "cli.h"

int main(int argc, char **argv) { return ce_cli_main(argc, argv); }
