#!/usr/bin/env bash
# One command for a new user: installs what is missing, builds, ranks the
# shipped (synthetic) sample of 2023 clusters with the default profile, and
# runs the synthetic voucher applications and claims through a fresh ledger.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
echo "demo: built build/clustereval"
echo "demo: clustereval rank samples/clusters-2023.csv -w weights/default.csv -o build/ranking-2023.csv"
echo
build/clustereval rank samples/clusters-2023.csv -w weights/default.csv -o build/ranking-2023.csv
echo
echo "demo: the full ranking (open it in Excel) is build/ranking-2023.csv; its first rows:"
head -n 12 build/ranking-2023.csv | sed '1s/^\xEF\xBB\xBF//' | cut -d, -f1-6

# The innovation service vouchers: decide the sample applications against a
# fresh ledger (the pool runs out exactly on the last eligible ones), then pay
# the sample claims.
rm -f build/vouchers-demo.db
echo
echo "demo: clustereval voucher issue samples/vouchers-2023.csv --cycle 2023A --pool 4413500 --ledger build/vouchers-demo.db -o build/vouchers-2023.csv"
build/clustereval voucher issue samples/vouchers-2023.csv --cycle 2023A --pool 4413500 \
    --ledger build/vouchers-demo.db -o build/vouchers-2023.csv
echo "demo: clustereval voucher redeem samples/voucher-claims-2023.csv --ledger build/vouchers-demo.db -o build/voucher-claims-2023.csv --as-of 2023-07-31"
build/clustereval voucher redeem samples/voucher-claims-2023.csv --ledger build/vouchers-demo.db \
    -o build/voucher-claims-2023.csv --as-of 2023-07-31
echo
echo "demo: decisions in build/vouchers-2023.csv; its first rows:"
head -n 6 build/vouchers-2023.csv | sed '1s/^\xEF\xBB\xBF//' | cut -d, -f1,3-5,7-11
