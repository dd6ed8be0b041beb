# Sourced by the benchmark scripts (run.sh, startup.sh, ab.sh): what they share. nginx configurations keep pid, logs
# and temp files in their own directory, so nginx runs as the invoking user without touching /etc or /var.

# The ~100-byte JSON every backend answers with.
BODY='{"service":"bench","status":"ok","items":[1,2,3,4,5,6,7,8],"message":"the same small body everywhere"}'

# nginx_common DIR -> the head of DIR/nginx.conf, up to and inside an open http block (the caller closes it).
nginx_common() {
  cat <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $1/tmp-body;
  proxy_temp_path $1/tmp-proxy;
  fastcgi_temp_path $1/tmp-fastcgi;
  uwsgi_temp_path $1/tmp-uwsgi;
  scgi_temp_path $1/tmp-scgi;
  keepalive_requests 1000000;
CONF
}

# nginx_backend DIR PORT... -> writes DIR/nginx.conf: on each 127.0.0.1 PORT, 200 with $BODY for every path.
nginx_backend() {
  local dir=$1 port
  shift
  mkdir -p "$dir"
  {
    nginx_common "$dir"
    for port in "$@"; do
      echo "  server { listen 127.0.0.1:$port; location / { default_type application/json; return 200 '$BODY'; } }"
    done
    echo "}"
  } >"$dir/nginx.conf"
}

# ficus_routes FILE LEGACY_PORT MODERN_PORT -> writes the benchmarks' Ficus routes file: one route, /survey/**, 25 % to
# modern (the stock SCG baseline's two Weight routes split 75/25 the same way).
ficus_routes() {
  cat >"$1" <<YAML
routes:
  - id: survey
    paths: [/survey/**]
    legacy: http://127.0.0.1:$2
    modern: http://127.0.0.1:$3
    weight: 25
YAML
}

# cpu_count LIST -> how many cpus a taskset list such as "1" or "0-3,6" names (for -XX:ActiveProcessorCount)
cpu_count() {
  awk -F, '{n = 0; for (i = 1; i <= NF; i++) {split($i, r, "-"); n += (r[2] == "" ? 1 : r[2] - r[1] + 1)} print n}' <<<"$1"
}
