# onebudget stats: every method on small aggregated inputs (the values are
# those the unit tests check against independent computations), the table
# format, suppression notes, and input errors with their exact messages.
. "$TESTS/lib.sh"
cp "$ROOT"/tests/data/stats/*.csv .

ob stats rate --input rate.csv --format csv >rate.out || fail "rate"
golden rate.out stats-rate.csv
ob stats rate --input rate.csv >rate.txt || fail "rate table"
golden rate.txt stats-rate.txt
ob stats dsr --input dsr.csv --format csv >dsr.out || fail "dsr"
golden dsr.out stats-dsr.csv
grep -q "^Area C,9,17100,,,,,,fewer than 10 events" dsr.out || fail "dsr suppression"
ob stats dsr --input dsr.csv --limits ccg-ois --conf 0.95 --format csv >ccg.out ||
	fail "dsr ccg-ois"
golden ccg.out stats-dsr-ccg-ois.csv
ob stats proportion --input proportion.csv --multiplier 100 --format csv \
	>prop.out || fail "proportion"
golden prop.out stats-proportion.csv
ob stats mean --input mean.csv --format csv >mean.out || fail "mean"
golden mean.out stats-mean.csv
ob stats isr --input isr.csv --format csv >isr.out || fail "isr"
golden isr.out stats-isr.csv
ob stats sii --input sii.csv --group decile --format csv >sii.out || fail "sii"
golden sii.out stats-sii.csv
ob stats sii --input sii-le.csv --group decile --value le --se se \
	--format csv >siile.out || fail "sii of values"
golden siile.out stats-sii-le.csv
ob stats le --input le.csv --count deaths --format csv >le.out || fail "le"
golden le.out stats-le.csv
ob stats le --input le.csv --count deaths --age 65 --conf 0.95 >le65.txt ||
	fail "le at 65"
golden le65.txt stats-le65.txt

# The published checks: Byar(65) / 20000 per 100,000 = 250.81593855229727.
grep -q "^North,65,20000,325,250.8159385522972" rate.out || fail "Byar(65)"
# PHE's life-expectancy example: 80.1696 years at birth.
grep -q "^PHE example,9357,787954,80.1696081319483" le.out || fail "le"

# Input errors: file:line: field: what was expected.
check_error() {
	msg=$1
	shift
	expect_status 1 ob stats "$@"
	[ "$(cat err.txt)" = "$msg" ] || fail "expected '$msg', got '$(cat err.txt)'"
}
check_error "error: bad-count.csv:3: count: 'abc' is not a number >= 0" \
	rate --input bad-count.csv
check_error "error: bad-pop.csv:2: pop: '0' is not a number > 0" \
	rate --input bad-pop.csv
check_error "error: bad-prop.csv:2: count: 51 is more than pop 50 (expected a count out of the population)" \
	proportion --input bad-prop.csv
check_error "error: bad-age.csv:2: ageband: '3-7' is not an age band (expected 0-4, 5-9, ..., 85-89, 90+)" \
	dsr --input bad-age.csv
check_error "error: no-pop.csv:1: no column 'pop' (set it with --pop; columns: group, count, population)" \
	rate --input no-pop.csv
check_error "error: short.csv:2: 2 fields, expected 3 as in the header" \
	rate --input short.csv
check_error "error: dsr-missing.csv: group 'Area B': no row for age band 45-49 (expected all 19 ESP2013 bands 0-4 ... 90+; give a band with no events a count of 0)" \
	dsr --input dsr-missing.csv
check_error "error: nothere.csv: cannot open 'nothere.csv': No such file or directory" \
	rate --input nothere.csv
# --pop names the column; with it the file reads.
ob stats rate --input no-pop.csv --pop population --format csv >np.out ||
	fail "--pop"
grep -q "^North,65,20000,325," np.out || fail "--pop value"

# Usage errors exit 2.
expect_status 2 ob stats ratio --input rate.csv
grep -q "'ratio' is not a method" err.txt || fail "bad method"
expect_status 2 ob stats rate --input rate.csv --conf 95
grep -q "is not a list of 1 to 4 levels" err.txt || fail "bad --conf"
expect_status 2 ob stats le --input le.csv --age 3
grep -q "is not the start of a life-table band" err.txt || fail "bad --age"
ob stats --help >help.txt || fail "help"
grep -q "^usage: onebudget stats" help.txt || fail "help text"
