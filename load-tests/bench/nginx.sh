# Sourced by the benchmark scripts (run.sh, startup.sh, ab.sh): nginx configurations that keep pid, logs and temp
# files in their own directory, so nginx runs as the invoking user without touching /etc or /var.

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
