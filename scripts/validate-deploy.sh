#!/usr/bin/env bash
# Static checks of the deploy files under docker/ (Dockerfile, compose, nginx with TLS, Kubernetes
# with its Ingress, the Prometheus alert rules and the Grafana dashboard). Needs
# no container engine and no cluster: python3 with PyYAML, and kubectl when present. Prints one
# line per check (ok / FAIL / skip), changes nothing, exits non-zero when any check fails.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "FAIL  python3 with PyYAML is required (apt-get install python3-yaml)"
  exit 1
fi

python3 - <<'PY'
import glob, json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
import yaml

failures = 0

def check(name, problems):
    """problems: a list of strings (empty = ok) or a bool (True = ok)."""
    global failures
    if problems is True or problems == []:
        print(f"ok    {name}")
    else:
        failures += 1
        detail = "" if problems is False else ": " + "; ".join(problems)
        print(f"FAIL  {name}{detail}")

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

# ---- YAML ----------------------------------------------------------------------------------
docs = {}
for path in sorted(glob.glob("docker/**/*.y*ml", recursive=True)):
    try:
        docs[path] = [d for d in yaml.safe_load_all(read(path)) if d is not None]
        check(f"YAML parses: {path}", True)
    except yaml.YAMLError as e:
        check(f"YAML parses: {path}", [str(e).replace("\n", " ")])
if not docs:
    check("YAML files under docker/", ["none found"])
jsons = {}
for path in sorted(glob.glob("docker/**/*.json", recursive=True)):
    try:
        jsons[path] = json.loads(read(path))
        check(f"JSON parses: {path}", True)
    except ValueError as e:
        check(f"JSON parses: {path}", [str(e)])

# ---- environment variables -----------------------------------------------------------------
# The node's names come from its HOCON (`key = ${?PARLEY_...}`), so this check follows the code.
# PENDING: names agreed for the node but possibly not yet in a .conf file.
PENDING = set()
known = set()
for conf in glob.glob("*/src/main/resources/*.conf"):
    known |= set(re.findall(r"\$\{\?(PARLEY_[A-Z0-9_]+)\}", read(conf)))
# Secrets (read with SettingReader.readSecret) may come from the file that <NAME>_FILE names.
secret_reads = "".join(read(p) for p in glob.glob("*/src/main/java/**/*.java", recursive=True))
known |= {f"{v}_FILE" for v in re.findall(r'readSecret\([^;]*?"(PARLEY_[A-Z0-9_]+)"', secret_reads, re.S)}
used = {}
for path in sorted(glob.glob("docker/**/*", recursive=True) + glob.glob("docker/**/.*", recursive=True)):
    if os.path.isfile(path):
        for var in re.findall(r"\bPARLEY_[A-Z0-9_]+", read(path)):
            used.setdefault(var, set()).add(path)
unknown = [f"{v} ({', '.join(sorted(p))})" for v, p in sorted(used.items()) if v not in known | PENDING]
check(f"every PARLEY_* name under docker/ is read by the node ({len(known)} names in *.conf)", unknown)
waiting = sorted(v for v in PENDING & set(used) if v not in known)
if waiting:
    print(f"note  not yet read by any .conf (agreed, being added): {', '.join(waiting)}")

# ---- Dockerfile ----------------------------------------------------------------------------
dockerfile = "docker/Dockerfile"
lines = [l.strip() for l in re.sub(r"\\\n", " ", read(dockerfile)).splitlines()]
lines = [l for l in lines if l and not l.startswith("#")]
stages = [i for i, l in enumerate(lines) if l.upper().startswith("FROM ")]
final = lines[stages[-1]:] if stages else []
def instr(name, body=final):
    return [l[len(name) + 1:].strip() for l in body if l.upper().startswith(name + " ")]

users = instr("USER")
check("Dockerfile: final stage runs as a non-root USER",
      bool(users) and users[-1].split(":")[0] not in ("root", "0"))
hc = " ".join(instr("HEALTHCHECK"))
check("Dockerfile: HEALTHCHECK calls /ready on the management port",
      "/ready" in hc and ("PARLEY_MANAGEMENT_PORT" in hc or "8558" in hc))
exposed = set(" ".join(instr("EXPOSE")).split())
check("Dockerfile: EXPOSE 8080 8558 25520", [f"missing {p}" for p in ("8080", "8558", "25520") if p not in exposed])
check("Dockerfile: STOPSIGNAL SIGTERM", instr("STOPSIGNAL") == ["SIGTERM"])
image_env = dict(re.findall(r"(PARLEY_[A-Z0-9_]+)=(\S+)", " ".join(instr("ENV"))))
check("Dockerfile: management on all the container's interfaces (HEALTHCHECK calls 127.0.0.1)",
      image_env.get("PARLEY_MANAGEMENT_HOST") == "0.0.0.0" or "127.0.0.1" not in hc)
entry = instr("ENTRYPOINT")
try:
    entry_argv = json.loads(entry[-1]) if entry else []
except ValueError:
    entry_argv = []
check("Dockerfile: exec-form ENTRYPOINT java ... -jar /app/parley-node.jar",
      entry_argv[:1] == ["java"] and entry_argv[-2:] == ["-jar", "/app/parley-node.jar"])
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
modules = [m.text for m in ET.parse("pom.xml").getroot().findall("m:modules/m:module", ns)]
copied = " ".join(instr("COPY", lines))
check("Dockerfile: copies every reactor module's POM before the sources (dependency layer)",
      [f"no COPY of {m}/pom.xml" for m in modules if f"{m}/pom.xml" not in copied])
ignore = read("docker/Dockerfile.dockerignore").split()
check("docker/Dockerfile.dockerignore leaves out .git and target/",
      [f"missing {p}" for p in (".git", "target", "*/target") if p not in ignore])

# ---- compose -------------------------------------------------------------------------------
compose = (docs.get("docker/compose.yaml") or [{}])[0]
services = compose.get("services") or {}
def env_of(svc):
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
    return {k: (None if v is None else str(v)) for k, v in env.items()}
nodes = {n: s for n, s in services.items() if "PARLEY_DISCOVERY" in env_of(s)}
pg = [n for n, s in services.items() if str(s.get("image", "")).startswith("postgres:")]
lb = [n for n, s in services.items() if str(s.get("image", "")).startswith("nginx")]
check("compose: postgres, three or more Parley nodes and an nginx load balancer",
      [p for p in (not pg and "no postgres service", len(nodes) < 3 and f"{len(nodes)} nodes", not lb and "no nginx service") if p])
if pg:
    p = services[pg[0]]
    check("compose: postgres has a pg_isready healthcheck and a named volume",
          "pg_isready" in json.dumps(p.get("healthcheck", {}))
          and any(str(v).split(":")[0] in (compose.get("volumes") or {}) for v in p.get("volumes", [])))
problems = []
for name, svc in nodes.items():
    env = env_of(svc)
    alias_sets = [set((cfg or {}).get("aliases") or []) for cfg in (svc.get("networks") or {}).values()] \
        if isinstance(svc.get("networks"), dict) else []
    if env.get("PARLEY_DISCOVERY") != "dns":
        problems.append(f"{name}: PARLEY_DISCOVERY is not dns")
    if not any(env.get("PARLEY_DISCOVERY_SERVICE") in a for a in alias_sets):
        problems.append(f"{name}: no network alias {env.get('PARLEY_DISCOVERY_SERVICE')}")
    if env.get("PARLEY_CLUSTER_HOST") not in (name, svc.get("hostname")):
        problems.append(f"{name}: PARLEY_CLUSTER_HOST is not its own name")
    if not str(env.get("PARLEY_DB_URL", "")).startswith(f"jdbc:postgresql://{pg[0] if pg else 'postgres'}:"):
        problems.append(f"{name}: PARLEY_DB_URL does not point at the postgres service")
    if ((svc.get("depends_on") or {}).get(pg[0] if pg else "postgres") or {}).get("condition") != "service_healthy":
        problems.append(f"{name}: does not wait for postgres to be healthy")
    grace = re.fullmatch(r"(\d+)s", str(svc.get("stop_grace_period", "")))
    if not grace or int(grace.group(1)) < 35:
        problems.append(f"{name}: stop_grace_period under 35s")
    if (svc.get("build") or {}).get("dockerfile") != "docker/Dockerfile":
        problems.append(f"{name}: not built from docker/Dockerfile")
    for port in svc.get("ports") or []:
        if not str(port).startswith("127.0.0.1:"):
            problems.append(f"{name}: publishes {port} beyond loopback")
TLS_VARS = ["PARLEY_CLUSTER_TLS_KEYSTORE", "PARLEY_CLUSTER_TLS_KEYSTORE_PASSWORD_FILE",
            "PARLEY_CLUSTER_TLS_TRUSTSTORE", "PARLEY_CLUSTER_TLS_TRUSTSTORE_PASSWORD_FILE"]
secrets = {env_of(s).get("PARLEY_TOKEN_SECRET") for s in nodes.values()}
if len(secrets) != 1 or None in secrets:
    problems.append("nodes do not share one PARLEY_TOKEN_SECRET")
check(f"compose: nodes {', '.join(nodes)} (dns discovery, own host, postgres, grace, shared secret)", problems)

top_secrets = compose.get("secrets") or {}
problems = []
for name, svc in nodes.items():
    env = env_of(svc)
    mounted = {}
    for secret in svc.get("secrets") or []:
        source = secret if isinstance(secret, str) else secret.get("source")
        target = secret if isinstance(secret, str) else (secret.get("target") or source)
        mounted[target if target.startswith("/") else f"/run/secrets/{target}"] = source
    for var in TLS_VARS:
        value = env.get(var)
        if not value:
            problems.append(f"{name}: {var} not set")
        elif value not in mounted:
            problems.append(f"{name}: {var}={value} is none of its secrets")
        elif not (top_secrets.get(mounted[value]) or {}).get("file"):
            problems.append(f"{name}: secret {mounted[value]} names no file")
    if env.get("PARLEY_MANAGEMENT_HOST", image_env.get("PARLEY_MANAGEMENT_HOST")) != "0.0.0.0":
        problems.append(f"{name}: PARLEY_MANAGEMENT_HOST is not 0.0.0.0 (healthcheck and Bootstrap)")
check("compose: every node has cluster TLS from its secrets and management on 0.0.0.0", problems)
tracked = []
for name, secret in top_secrets.items():
    path = os.path.normpath(os.path.join("docker", (secret or {}).get("file") or ""))
    if subprocess.run(["git", "check-ignore", "-q", path]).returncode != 0:
        tracked.append(f"{name} ({path})")
check("compose: secret files are git-ignored", [f"not ignored: {t}" for t in tracked])

# ---- nginx ---------------------------------------------------------------------------------
nginx = read("docker/nginx.conf")
needed = [r"proxy_http_version\s+1\.1", r"proxy_set_header\s+Upgrade\s+\$http_upgrade",
          r"proxy_set_header\s+Connection\s+\$connection_upgrade", r"proxy_read_timeout\s+\S+", r"max_fails="]
missing = [n for n in needed if not re.search(n, nginx)]
upstream = set(re.findall(r"^\s*server\s+([\w.-]+):8080\b", nginx, re.M))
missing += [f"upstream lacks {n}:8080" for n in nodes if n not in upstream]
missing += [f"upstream has {n}, not a compose node" for n in upstream - set(nodes)]
mounted = lb and any("nginx.conf" in str(v) for v in services[lb[0]].get("volumes", []))
check("nginx.conf: WebSocket upgrade, long read timeout, passive health, every node upstream",
      missing + ([] if mounted else ["load balancer does not mount nginx.conf"]))

def blocks(text, keyword):
    """The bodies of `keyword { ... }` blocks (not `keyword name;` statements), braces matched."""
    found = []
    for m in re.finditer(rf"\b{keyword}\s*\{{", text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        found.append(text[m.end():i - 1])
    return found
servers = blocks(re.sub(r"#.*", "", nginx), "server")
tls_servers = [b for b in servers if re.search(r"^\s*listen\s+443\s+ssl\b", b, re.M)]
plain_servers = [b for b in servers if re.search(r"^\s*listen\s+80\s*;", b, re.M)]
problems = []
lb_svc = services[lb[0]] if lb else {}
tls_mounts = {str(v).split(":")[1]: str(v).split(":")[0] for v in lb_svc.get("volumes", []) if str(v).count(":") >= 1}
if not tls_servers:
    problems.append("no server listens on 443 ssl")
for block in tls_servers:
    for directive in ("ssl_certificate", "ssl_certificate_key"):
        path = (re.findall(rf"^\s*{directive}\s+(\S+);", block, re.M) or [""])[0]
        source = next((src for target, src in tls_mounts.items() if path.startswith(target.rstrip("/") + "/")), None)
        if not source:
            problems.append(f"{directive} {path or '(none)'} is not in a directory the load balancer mounts")
        elif subprocess.run(["git", "check-ignore", "-q", os.path.normpath(os.path.join("docker", source, "key.pem"))]).returncode != 0:
            problems.append(f"{source} (certificate and key) is not git-ignored")
    if "proxy_pass http://parley_nodes" not in block or not re.search(r"proxy_set_header\s+Upgrade", block):
        problems.append("the TLS server does not proxy (with WebSocket upgrade) to the nodes")
if not any(re.search(r"return\s+30[18]\s+https://\$host\$request_uri", b) for b in plain_servers):
    problems.append("no server on 80 that redirects to https")
published = {str(p).rsplit(":", 1)[-1] for p in lb_svc.get("ports", [])}
problems += [f"load balancer does not publish {p}" for p in ("80", "443") if p not in published]
public_urls = {env_of(s).get("PARLEY_PUBLIC_URL") or "" for s in nodes.values()}
problems += [f"PARLEY_PUBLIC_URL {u or '(empty)'} is not https" for u in sorted(public_urls)
             if not re.match(r"(\$\{PARLEY_PUBLIC_URL:-)?https://", u)]
if not os.access("docker/make-self-signed-cert.sh", os.X_OK):
    problems.append("docker/make-self-signed-cert.sh is missing or not executable")
check("nginx.conf: TLS on 443 with a mounted, git-ignored certificate, 80 redirects; nodes' public URL https", problems)

# ---- Kubernetes ----------------------------------------------------------------------------
k8s = [d for p, ds in docs.items() if p.startswith("docker/k8s/") and not p.endswith("kustomization.yaml")
       and "secret.example" not in p for d in ds]
by_kind = {}
for d in k8s:
    by_kind.setdefault(d.get("kind"), []).append(d)
deploy = (by_kind.get("Deployment") or [{}])[0]
pod = ((deploy.get("spec") or {}).get("template") or {})
pod_spec = pod.get("spec") or {}
container = (pod_spec.get("containers") or [{}])[0]
ports = {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}
env = {e["name"]: e for e in container.get("env") or []}
def probe(kind):
    get = (container.get(kind) or {}).get("httpGet") or {}
    return get.get("path"), ports.get(get.get("port"), get.get("port"))
check("k8s: Deployment readinessProbe GET /ready, livenessProbe and startupProbe GET /alive, port 8558",
      [f"{k} is {probe(k)}" for k, want in (("readinessProbe", "/ready"), ("livenessProbe", "/alive"),
                                            ("startupProbe", "/alive")) if probe(k) != (want, 8558)])
label = ((pod.get("metadata") or {}).get("labels") or {}).get("app")
problems = []
if (env.get("PARLEY_DISCOVERY") or {}).get("value") != "kubernetes-api":
    problems.append("PARLEY_DISCOVERY is not kubernetes-api")
if (env.get("PARLEY_DISCOVERY_SERVICE") or {}).get("value") != label:
    problems.append(f"PARLEY_DISCOVERY_SERVICE is not the pods' app label ({label})")
if (((env.get("PARLEY_CLUSTER_HOST") or {}).get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") != "status.podIP":
    problems.append("PARLEY_CLUSTER_HOST is not status.podIP")
if (deploy.get("spec") or {}).get("replicas", 1) < 3:
    problems.append("fewer than 3 replicas")
if pod_spec.get("terminationGracePeriodSeconds", 30) < 40:
    problems.append("terminationGracePeriodSeconds under 40")
if not (pod_spec.get("securityContext") or {}).get("runAsNonRoot"):
    problems.append("runAsNonRoot not set")
check("k8s: Deployment env (kubernetes-api discovery, pod IP), replicas, grace period, non-root", problems)
mounts = {m.get("mountPath", "").rstrip("/"): m.get("name") for m in container.get("volumeMounts") or []}
volumes = {v.get("name"): v for v in pod_spec.get("volumes") or []}
problems = []
for var in TLS_VARS:
    value = (env.get(var) or {}).get("value") or ""
    directory, _, filename = value.rpartition("/")
    secret = (volumes.get(mounts.get(directory)) or {}).get("secret")
    if not secret:
        problems.append(f"{var}={value or '(unset)'} is not in a mounted Secret")
        continue
    paths = {item.get("path") for item in secret.get("items") or []}
    if paths and filename not in paths:
        problems.append(f"{var}: {filename} is not an item of Secret {secret.get('secretName')}")
    mode = secret.get("defaultMode", 0o644)
    if mode & 0o007 or not mode & 0o040 or (pod_spec.get("securityContext") or {}).get("fsGroup") is None:
        problems.append(f"Secret {secret.get('secretName')}: needs fsGroup and a group-only mode (defaultMode {oct(mode)})")
management_host = env.get("PARLEY_MANAGEMENT_HOST") or {}
if management_host.get("value") != "0.0.0.0" and \
        ((management_host.get("valueFrom") or {}).get("fieldRef") or {}).get("fieldPath") != "status.podIP":
    problems.append("PARLEY_MANAGEMENT_HOST is neither 0.0.0.0 nor the pod IP (probes)")
check("k8s: Deployment has cluster TLS from a mounted Secret (readable by the pod's group only), management for probes",
      sorted(set(problems)))
secret_doc = next((d for d in docs.get("docker/k8s/secret.example.yaml", []) if d.get("kind") == "Secret"), {})
secret_keys = set((secret_doc.get("stringData") or {}) | (secret_doc.get("data") or {}))
refs = [((e.get("valueFrom") or {}).get("secretKeyRef")) for e in env.values()]
check("k8s: every secretKeyRef names a key of secret.example.yaml",
      [f"{r.get('name')}/{r.get('key')}" for r in refs if r and
       (r.get("name") != (secret_doc.get("metadata") or {}).get("name") or r.get("key") not in secret_keys)])
sa = pod_spec.get("serviceAccountName")
roles = {r["metadata"]["name"]: r for r in by_kind.get("Role", [])}
bound = [roles.get(b["roleRef"]["name"]) for b in by_kind.get("RoleBinding", [])
         if any(s.get("kind") == "ServiceAccount" and s.get("name") == sa for s in b.get("subjects", []))]
grants = {v for r in bound if r for rule in r.get("rules", []) if "pods" in rule.get("resources", [])
          for v in rule.get("verbs", [])}
check(f"k8s: service account {sa} may get, list and watch pods",
      bool(sa) and sa in [s["metadata"]["name"] for s in by_kind.get("ServiceAccount", [])]
      and {"get", "list", "watch"} <= grants)
svcs = by_kind.get("Service", [])
headless = [s for s in svcs if s["spec"].get("clusterIP") == "None" and s["spec"].get("publishNotReadyAddresses")]
headless_ports = {p["port"] for s in headless for p in s["spec"].get("ports", [])}
client_ports = {p["port"] for s in svcs if s["spec"].get("clusterIP") != "None" for p in s["spec"].get("ports", [])}
check("k8s: Service for HTTP 8080, headless not-ready-publishing Service for 8558 and 25520",
      8080 in client_ports and {8558, 25520} <= headless_ports)
own_pods = {"app": label}
def port_number(p):
    return ports.get(p, p)
problems = []
policies = [p for p in by_kind.get("NetworkPolicy", [])
            if ((p.get("spec") or {}).get("podSelector") or {}).get("matchLabels") == own_pods]
if not policies:
    problems.append(f"no NetworkPolicy selects app={label}")
reachable_from_own = set()
for policy in policies:
    spec = policy["spec"]
    if "Ingress" not in (spec.get("policyTypes") or ["Ingress"]):
        problems.append(f"{policy['metadata']['name']}: not an Ingress policy")
    for rule in spec.get("ingress") or []:
        rule_ports = {port_number(p.get("port")) for p in rule.get("ports") or []} or {8080, 8558, 25520}
        peers = rule.get("from") or []
        only_own = bool(peers) and all(set(peer) == {"podSelector"} and (peer["podSelector"] or {}).get("matchLabels") == own_pods
                                       for peer in peers)
        if only_own:
            reachable_from_own |= rule_ports
        elif rule_ports & {8558, 25520}:
            problems.append(f"{policy['metadata']['name']}: lets other peers reach {sorted(rule_ports & {8558, 25520})}")
problems += [f"port {p} not open to the Parley pods" for p in (8558, 25520) if policies and p not in reachable_from_own]
check("k8s: NetworkPolicy lets only Parley pods reach management 8558 and remoting 25520", problems)
pdb = (by_kind.get("PodDisruptionBudget") or [{}])[0].get("spec") or {}
check("k8s: PodDisruptionBudget maxUnavailable 1 over the pods' label",
      pdb.get("maxUnavailable") == 1 and (pdb.get("selector") or {}).get("matchLabels") == {"app": label})
problems = []
ingresses = by_kind.get("Ingress", [])
client_services = {s["metadata"]["name"]: {p.get("name") for p in s["spec"].get("ports", [])} | {p["port"] for p in s["spec"].get("ports", [])}
                   for s in svcs if s["spec"].get("clusterIP") != "None"}
public_url = (env.get("PARLEY_PUBLIC_URL") or {}).get("value") or ""
tls_hosts = set()
if not ingresses:
    problems.append("no Ingress")
for ingress in ingresses:
    spec = ingress.get("spec") or {}
    name = ingress["metadata"]["name"]
    tls = spec.get("tls") or []
    if not tls:
        problems.append(f"{name}: no tls section")
    for entry in tls:
        if not entry.get("secretName") or not entry.get("hosts"):
            problems.append(f"{name}: a tls entry lacks secretName or hosts")
        tls_hosts |= set(entry.get("hosts") or [])
    for rule in spec.get("rules") or []:
        if rule.get("host") not in tls_hosts:
            problems.append(f"{name}: host {rule.get('host')} is served without TLS")
        for path in (rule.get("http") or {}).get("paths") or []:
            backend = (path.get("backend") or {}).get("service") or {}
            port = backend.get("port") or {}
            if port.get("name", port.get("number")) not in client_services.get(backend.get("name"), set()):
                problems.append(f"{name}: backend {backend.get('name')}:{port} is not a client Service port")
if not public_url.startswith("https://") or public_url[len("https://"):].split("/")[0].split(":")[0] not in tls_hosts:
    problems.append(f"Deployment PARLEY_PUBLIC_URL {public_url or '(empty)'} is not https on an Ingress TLS host")
check("k8s: Ingress terminates TLS (secret, every host) in front of the client Service; PARLEY_PUBLIC_URL is its https host", problems)
kust = (docs.get("docker/k8s/kustomization.yaml") or [{}])[0]
listed = kust.get("resources") or []
present = {os.path.basename(p) for p in glob.glob("docker/k8s/*.yaml")} - {"kustomization.yaml", "secret.example.yaml"}
check("k8s: kustomization.yaml lists every manifest (not secret.example.yaml) and nothing missing",
      [f"not listed: {p}" for p in sorted(present - set(listed))]
      + [f"missing file: {p}" for p in listed if not os.path.exists(f"docker/k8s/{p}")]
      + (["lists secret.example.yaml"] if "secret.example.yaml" in listed else []))

# ---- monitoring ----------------------------------------------------------------------------
# That every metric these files query exists is checked against a running node by
# OperatorMetricsTest; here only their shape.
rules = [r for g in ((docs.get("docker/prometheus/alerts.yml") or [{}])[0].get("groups") or []) for r in g.get("rules") or []]
problems = [] if rules else ["no rules in docker/prometheus/alerts.yml"]
names = [r.get("alert") for r in rules]
problems += [f"alert {n} appears twice" for n in sorted({n for n in names if names.count(n) > 1})]
for r in rules:
    what = r.get("alert") or "(unnamed)"
    if not r.get("alert") or not str(r.get("expr") or "").strip():
        problems.append(f"{what}: needs alert and expr")
    if not re.fullmatch(r"\d+[smh]", str(r.get("for", ""))):
        problems.append(f"{what}: no for: duration")
    if (r.get("labels") or {}).get("severity") not in ("critical", "warning", "info"):
        problems.append(f"{what}: severity is not critical, warning or info")
    if not all((r.get("annotations") or {}).get(a) for a in ("summary", "description")):
        problems.append(f"{what}: needs a summary and a description")
check(f"alerts.yml: {len(rules)} rules, each with expr, for, severity, summary and description", problems)
dashboard = jsons.get("docker/grafana/parley-dashboard.json") or {}
variables = {v.get("name"): v for v in (dashboard.get("templating") or {}).get("list") or []}
problems = []
if (variables.get("datasource") or {}).get("type") != "datasource" or (variables.get("datasource") or {}).get("query") != "prometheus":
    problems.append("no Prometheus datasource variable named datasource")
problems += [f"variable {n}: datasource is not the variable ${{datasource}}" for n, v in variables.items()
             if v.get("type") == "query" and (v.get("datasource") or {}).get("uid") != "${datasource}"]
def all_panels(panels):
    for panel in panels or []:
        yield panel
        yield from all_panels(panel.get("panels"))
panels = list(all_panels(dashboard.get("panels")))
ids = [p.get("id") for p in panels]
problems += [f"panel id {i} appears twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
for panel in (p for p in panels if p.get("type") != "row"):
    if not panel.get("targets"):
        problems.append(f"panel {panel.get('title')}: no queries")
    if any((thing.get("datasource") or {}).get("uid") != "${datasource}" for thing in [panel] + (panel.get("targets") or [])):
        problems.append(f"panel {panel.get('title')}: datasource is not the variable ${{datasource}}")
check(f"parley-dashboard.json: {len(panels)} panels, all on the datasource variable", sorted(set(problems)))

sys.exit(min(failures, 100))
PY
failures=$?

# kubectl builds the kustomization offline. `kubectl apply --dry-run=client` is not used: it still
# asks an API server for the resource types (and would try localhost:8080 without a kubeconfig).
if command -v kubectl >/dev/null 2>&1; then
  if out=$(kubectl kustomize docker/k8s 2>&1 >/dev/null); then
    echo "ok    kubectl kustomize docker/k8s"
  else
    echo "FAIL  kubectl kustomize docker/k8s: ${out//$'\n'/ }"
    failures=$((failures + 1))
  fi
else
  echo "skip  kubectl kustomize docker/k8s: kubectl not installed"
fi

if command -v promtool >/dev/null 2>&1; then
  if out=$(promtool check rules docker/prometheus/alerts.yml 2>&1); then
    echo "ok    promtool check rules docker/prometheus/alerts.yml"
  else
    echo "FAIL  promtool check rules: ${out//$'\n'/ }"
    failures=$((failures + 1))
  fi
else
  echo "skip  promtool check rules: promtool not installed"
fi

# Where the compose plugin exists (a developer's machine), let it check the file too.
if docker compose version >/dev/null 2>&1; then
  if out=$(docker compose -f docker/compose.yaml --env-file docker/env.example config -q 2>&1); then
    echo "ok    docker compose config"
  else
    echo "FAIL  docker compose config: ${out//$'\n'/ }"
    failures=$((failures + 1))
  fi
else
  echo "skip  docker compose config: no compose plugin"
fi

if ((failures > 0)); then
  echo "validate-deploy: $failures check(s) failed"
  exit 1
fi
echo "validate-deploy: all checks passed"
