# The synthetic extract is a fixed function of its options: the summary of
# a small one is pinned, so an unintended change to the generator shows.
. "$TESTS/lib.sh"
ob synth --out s --persons 2000 --seed 3 --defects 0.01 >synth.out || fail "synth failed"
grep -v ' rows/s, ' synth.out >summary.out
golden summary.out synth-small.out
(cd s && sha256sum *.csv) >hashes.out
golden hashes.out synth-small.sha256
