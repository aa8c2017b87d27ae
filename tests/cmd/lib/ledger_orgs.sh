# ledger_orgs.sh - sourced by the sso-ledger tests after testlib.sh: filed
# organizations made through the real lifecycle.
#
#   submit_forms N SEED       N generated filings submitted on 2026-01-05
#   to_notice APP...          reviewed, approved and published that day
#   certify APP...            certified on 2026-01-13, after the notice
GEN="$SSO_BIN/../tests/sso-gen"

submit_forms() {
	"$GEN" forms "$1" --seed "$2" >forms.yaml
	SSO_TODAY=2026-01-05 run 0 sso-file submit --as sponsor:王秀兰 forms.yaml
}

to_notice() {
	for app in "$@"; do
		SSO_TODAY=2026-01-05 run 0 sso-file review "$app" --pass --as committee:刘主任
		SSO_TODAY=2026-01-05 run 0 sso-file approve "$app" --as street:李明
		SSO_TODAY=2026-01-05 run 0 sso-file publish "$app" --as street:李明
	done
}

certify() {
	for app in "$@"; do
		SSO_TODAY=2026-01-13 run 0 sso-file certify "$app" --as street:李明
	done
}
