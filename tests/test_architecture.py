"""The layers hold: the import contract passes, breaks when an app imports upward, and covers every app."""

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def contract() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(ROOT / ".importlinter")
    return parser


def root_packages() -> list[str]:
    return contract()["importlinter"]["root_packages"].split()


def lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def copy_of_the_code(tmp_path: Path) -> Path:
    for package in root_packages():
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "*.ttf"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    return tmp_path


def test_every_app_of_ours_is_under_the_contract():
    ours = {config.name for config in apps.get_app_configs() if (ROOT / config.name / "apps.py").exists()}
    assert ours <= set(root_packages()), "a new app must take its place in .importlinter's layers"
    layered = {
        name.strip()
        for line in contract()["importlinter:contract:layers"]["layers"].split("\n")
        for name in line.split("|")
    }
    assert set(root_packages()) == layered - {""}
    assert settings.ROOT_URLCONF.split(".")[0] in layered


def test_the_contract_holds():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "module,line,rule,names",
    [
        (
            "drafts/models.py",
            "from search.indexing import mark_draft_changed",
            "Layers",
            "drafts.models -> search.indexing",
        ),
        ("comments/services.py", "import publishing.official_copies", "Writers", "comments.services -> publishing"),
        ("kernel/errors.py", "from drafts import models", "Layers", "kernel.errors -> drafts"),
        (
            "drafts/structure.py",
            "def later():\n    from workflow import services",
            "Layers",
            "drafts.structure -> workflow",
        ),
        ("search/folding.py", "from search import indexing", "No import cycle", "No cycles are allowed in search"),
    ],
)
def test_a_wrong_way_import_fails_naming_the_rule(tmp_path, module, line, rule, names):
    copy = copy_of_the_code(tmp_path)
    with open(copy / module, "a") as source:
        source.write(f"\n\n{line}\n")
    result = lint(copy)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert rule in broken and names in broken, result.stdout
