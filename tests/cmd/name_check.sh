#!/bin/sh
# name_check.sh - sso-name on forms and on CSV: ok/fail lines, exit 1 on a fail
. "$(dirname "$0")/lib/testlib.sh"

run 0 sso-name "$EX/filing.yaml"
out_is "$(printf '天津市和平区五大道街道睦南道社区文艺爱好者协会\tok')"
run 0 sso-name "$EX/service-org.yaml"
out_has "ok"

cat >names.csv <<'CSV'
name,form,community,brand
天津市和平区五大道街道睦南道社区文艺爱好者协会,social_group,睦南道社区,
天津市和平区小白楼街道开封道社区居家养老服务中心,service_org,120101002001,
天津市和平区小白楼街道开封道社区康乐居家养老服务中心,service_org,开封道社区,康乐
和平区五大道街道云南路社区书画协会,social_group,云南路社区,
天津市蓟州区渔阳镇北关村农技服务队,social_group,北关村,
CSV
run 1 sso-name names.csv
out_lines 5
out_has "$(printf '天津市和平区五大道街道睦南道社区文艺爱好者协会\tok')"
out_has "$(printf '天津市和平区小白楼街道开封道社区居家养老服务中心\tfail\t')"
out_has "needs a brand"
out_has "$(printf '天津市和平区小白楼街道开封道社区康乐居家养老服务中心\tok')"
out_has "must begin with the district: 天津市和平区"
out_has "$(printf '天津市蓟州区渔阳镇北关村农技服务队\tok')"

# from stdin: CSV is recognised by its header
STDIN=names.csv run 1 sso-name
out_lines 5
STDIN="$EX/filing.yaml" run 0 sso-name
out_has ok

# bad input
printf 'name,form\nx,social_group\n' >short.csv
run 65 sso-name short.csv
err_has "short.csv:1: the header has no column 'community'"
printf 'name,form,community\nx,club,睦南道社区\n' >form.csv
run 65 sso-name form.csv
err_has "form.csv:2: form must be social_group, service_org or foundation, not 'club'"
iconv -f UTF-8 -t GBK names.csv >gbk.csv
run 65 sso-name gbk.csv
err_has "looks like GBK"
run 1 sso-name --encoding gbk gbk.csv
out_lines 5
run 66 sso-name missing.csv
run 64 sso-name a.csv b.csv
# a name across two lines would break the one-line-per-name output
printf 'name,form,community\n"天津市和平区五大道街道睦南道社区\n文艺爱好者协会",social_group,睦南道社区\n' >twoline.csv
run 65 sso-name twoline.csv
err_has "twoline.csv:2: the name holds a tab or a line break"
out_lines 0
# the output has one shape: options that would change it are refused, not ignored
run 64 sso-name --format csv "$EX/names.csv"
err_has "--format, --bom, --headers and --unmask do not apply"
run 64 sso-name --bom "$EX/names.csv"

# the naming rules follow the configuration: a county has no city prefix
cat >sso.yaml <<'YAML'
jurisdiction:
  city: 温州市
  districts:
    - code: "330324"
      name: 永嘉县
      streets:
        - code: "330324100"
          name: 岩头镇
          communities:
            - {code: "330324100201", name: 岩头村, type: rural}
naming:
  forbidden: [中国, 中华, 全国, 国家, 世界]
YAML
printf 'name,form,community\n永嘉县岩头镇岩头村农技服务队,social_group,岩头村\n温州市永嘉县岩头镇岩头村农技服务队,social_group,岩头村\n永嘉县岩头镇世界农技服务队,social_group,岩头村\n' >county.csv
run 1 sso-name county.csv
out_has "$(printf '永嘉县岩头镇岩头村农技服务队\tok')"
out_has "must begin with the district: 永嘉县"
out_has "the word 世界"

finish
