"""The container path (Containerfile, compose.yaml, compose.env.example; docs/operations.md,
"Container"), checked without a container engine: the files parse, name files that exist,
run as a non-root user, and wire PostgreSQL, migrations, web and worker as documented."""

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def containerfile():
    text = (ROOT / "Containerfile").read_text()
    return re.sub(r"\\\n", " ", text)  # continuation lines joined


def instructions(name):
    return [
        line.split(None, 1)[1]
        for line in containerfile().splitlines()
        if line.split(None, 1)[:1] == [name]
    ]


def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def test_the_image_is_python_3_11_slim_and_runs_serve_as_a_user_not_root():
    assert instructions("FROM") == ["docker.io/library/python:3.11-slim"]
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    cmd = yaml.safe_load(instructions("CMD")[-1])  # the JSON form
    assert cmd[:2] == ["serdh", "serve"] and cmd[cmd.index("--host") + 1] == "0.0.0.0"
    installs = " ".join(instructions("RUN"))
    assert "pip install -c requirements.lock ." in installs
    assert "collectstatic" in installs


def test_every_file_the_image_copies_exists():
    for copy in instructions("COPY"):
        *sources, _target = shlex.split(copy)
        for source in sources:
            assert (ROOT / source).exists(), source
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and "var" in ignored and "keys.json" in ignored


def test_compose_runs_postgresql_migrations_web_and_worker_with_their_volumes():
    spec = compose()
    services = spec["services"]
    assert set(services) == {"db", "migrate", "web", "worker"}
    assert services["db"]["image"].endswith("postgres:16")
    for name in ("migrate", "web", "worker"):
        service = services[name]
        assert service["build"]["dockerfile"] == "Containerfile"
        assert service["env_file"] == "serdh.env"
        assert "@db:5432/serdh" in service["environment"]["DATABASE_URL"]
        mounts = {volume.split(":")[1] for volume in service["volumes"]}
        assert mounts == {"/var/lib/serdh", "/var/lib/serdh/media", "/etc/serdh/keys"}
        assert service["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"] == {
            "condition": "service_completed_successfully"
        }
    assert "serdh migrate" in services["migrate"]["command"][-1]
    web = services["web"]["command"]
    assert web[:2] == ["serdh", "serve"] and web[web.index("--host") + 1] == "0.0.0.0"
    assert services["web"]["ports"] == ["127.0.0.1:8000:8000"]  # the TLS proxy in front
    assert services["worker"]["command"] == ["serdh", "worker"]
    assert set(spec["volumes"]) == {"pgdata", "serdh-data", "serdh-media", "serdh-keys"}
    # The paths the image and compose agree on.
    image_env = " ".join(instructions("ENV"))
    assert "SERDH_KEY_FILE=/etc/serdh/keys/keys.json" in image_env
    assert "SERDH_MEDIA_ROOT=/var/lib/serdh/media" in image_env


def test_the_env_example_has_what_production_requires_and_no_secret():
    example = (ROOT / "compose.env.example").read_text()
    values = dict(
        line.split("=", 1)
        for line in example.splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert values["SERDH_ENV"] == "production"
    for required in ("SERDH_SECRET_KEY", "SERDH_ALLOWED_HOSTS", "SERDH_TRUSTED_PROXY"):
        assert required in values
    assert values["SERDH_SECRET_KEY"] == ""  # each installation makes its own


def test_the_container_path_is_documented_and_optional():
    doc = (ROOT / "docs" / "operations.md").read_text()
    section = doc.split("\n## Container", 1)[1].split("\n## ", 1)[0]
    for name in ("Containerfile", "compose.yaml", "compose.env.example", "scripts/demo"):
        assert name in section
