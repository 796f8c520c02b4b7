# Kill an import at many moments: afterwards the workspace holds either no
# extract or one complete extract, never a partial one, and passes SQLite's
# integrity check; a later import then completes normally.
. "$TESTS/lib.sh"
ob synth --out extract --persons 15000 --seed 7 >/dev/null || fail "synth failed"
ob init ws >/dev/null
db=ws/workspace.sqlite
complete=""
for delay in 0.1 0.3 0.5 0.7 0.9 1.1 1.3 1.5 1.7 2.0 2.5 3.0; do
	"$ONEBUDGET" import extract -w ws >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$(sql $db 'pragma integrity_check')" = ok ] || fail "corrupt after kill at ${delay}s"
	n=$(sql $db 'select count(*) from extract')
	case "$n" in
	0)
		# Nothing of a partial import may remain.
		[ "$(sql $db 'select (select count(*) from person) + (select count(*) from activity) + (select count(*) from manifest) + (select count(*) from reject)')" = 0 ] ||
			fail "rows left behind by an import killed at ${delay}s"
		;;
	1)
		complete=$delay
		break
		;;
	*) fail "$n extracts after one import" ;;
	esac
done
# Whatever happened above, a full import now leaves one complete version
# whose tables match its manifest.
ob import extract -w ws >/dev/null || fail "import after kills failed"
[ "$(sql $db 'select count(*) from extract')" = 1 ] || fail "not exactly one extract"
[ "$(sql $db "select rows_accepted from manifest where file = 'activity.csv'")" = \
  "$(sql $db 'select count(*) from activity')" ] || fail "activity rows do not match the manifest"
[ "$(sql $db "select count(*) from (select distinct person from registration)")" -gt 12000 ] ||
	fail "too few registered people"
echo "first complete import survived a kill after: ${complete:-never}"
