# A clean extract imports completely; raw NHS numbers are nowhere in the
# workspace; the same extract again is recognised and not stored twice.
. "$TESTS/lib.sh"
cp -r "$ROOT/tests/data/extract-small" extract
ob init ws >/dev/null
ob import extract -w ws >import.out || fail "import failed"
golden import.out import-small.out
db=ws/workspace.sqlite
[ "$(sql $db 'select count(*) from person')" = 5 ] || fail "persons"
[ "$(sql $db 'select count(*) from registration')" = 5 ] || fail "spells"
[ "$(sql $db 'select count(*) from activity')" = 6 ] || fail "activity"
[ "$(sql $db "select cost from activity where activity_id='A4'")" = 4120050 ] ||
	fail "cost not stored in pence"
[ "$(sql $db "select pseudonym from person where pseudonym like 'UPSTREAM%'")" = UPSTREAM_ab12cd34 ] ||
	fail "an upstream pseudonym was not kept"
[ "$(sql $db "select length(pseudonym) from person where person = 0")" = 32 ] ||
	fail "pseudonyms are not 32 hex digits"
# No NHS number, with or without spaces, in any byte of the workspace.
for n in 9990000018 9990000026 9990000034 9990000042 "999 000 0026"; do
	if grep -a -q "$n" $db ws/key; then fail "raw NHS number $n stored"; fi
done
# Events are stored in (person, date) order.
sql $db "select person, start_date from activity order by rowid" >order.txt
sort -n -t'|' -k1,1 -k2,2 order.txt | cmp -s - order.txt || fail "activity not in person, date order"
ob import extract -w ws >again.out || fail "re-import failed"
grep -q "is identical to extract 1" again.out || fail "duplicate not recognised"
[ "$(sql $db 'select count(*) from extract')" = 1 ] || fail "stored twice"
ob extracts -w ws --manifest latest | sed 's/  [0-9a-f]\{64\}$//' >manifest.out
golden manifest.out manifest-small.out
