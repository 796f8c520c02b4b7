# --improve-from leaves the years before it exactly as they were and lowers
# emergency admissions for chronic ACSC from that year on.
. "$TESTS/lib.sh"
ob synth --out base --persons 20000 --seed 5 >/dev/null || fail "synth failed"
ob synth --out better --persons 20000 --seed 5 --improve-from 2019/20 >/dev/null ||
	fail "synth --improve-from failed"
ob init w0 >/dev/null
ob init w1 --key-from w0/key >/dev/null
ob import base -w w0 >/dev/null || fail "import base"
ob import better -w w1 >/dev/null || fail "import better"
# 17987 is 2019-04-01 as a day number.
acsc="setting = 'admitted' and admission_method like '2%' and substr(diagnoses, 1, 3) in
      ('J45','J46','J44','J41','J42','J43','J47','J20','I50','I11','E10','E11','E12','E13','E14',
       'I20','I25','I10','G40','G41','I48','D51','D52')"
before0=$(sql w0/workspace.sqlite "select count(*) from activity where start_date < 17987 and $acsc")
before1=$(sql w1/workspace.sqlite "select count(*) from activity where start_date < 17987 and $acsc")
after0=$(sql w0/workspace.sqlite "select count(*) from activity where start_date >= 17987 and $acsc")
after1=$(sql w1/workspace.sqlite "select count(*) from activity where start_date >= 17987 and $acsc")
echo "ACSC emergency admissions before: $before0 vs $before1; from 2019/20: $after0 vs $after1"
[ "$before0" = "$before1" ] || fail "years before the improvement changed"
[ "$after0" -gt 200 ] || fail "too few ACSC admissions to test ($after0)"
[ $((after1 * 100)) -lt $((after0 * 92)) ] || fail "no clear reduction: $after1 vs $after0"
