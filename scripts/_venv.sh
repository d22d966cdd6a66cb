# Shared by scripts/demo and scripts/test: create .venv and install SER-DH into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SERDH_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)'; then
  echo "SER-DH precisa de Python 3.11 (encontrado: $("$PY" --version 2>&1))." >&2
  echo "Debian 12: apt install python3.11 python3.11-venv. Ubuntu 24.04: PPA deadsnakes" >&2
  echo "(apt install python3.11 python3.11-venv). Outros: uv python install 3.11, e então" >&2
  echo "PYTHON=\$(uv python find 3.11) $0. Veja README.md, 'Dois comandos'." >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Criando ambiente virtual em $VENV…"
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.serdh-installed-$1"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ] || [ "$ROOT/requirements.lock" -nt "$stamp" ]; then
  echo "Instalando dependências ($1)…"
  target="$ROOT"; [ "$1" = base ] || target="$ROOT[$1]"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c "$ROOT/requirements.lock" -e "$target"
  touch "$stamp"
fi
export PATH="$VENV/bin:$PATH"
