"""Reading the transition graph declared on the draft (drafts.lifecycle)."""

from dataclasses import dataclass

from django_fsm import Transition

from drafts.models import Draft
from kernel.states import State
from workflow.conditions import REQUIRED


@dataclass(frozen=True)
class TransitionSpec:
    """One named transition with every source state it leaves from."""

    name: str
    sources: tuple[str, ...]
    target: str
    label: str
    needs: tuple[str, ...]
    # The conditions declared on the model, then those it requires by name (they read comments).
    conditions: tuple
    permission: object
    system: bool


def transition_specs() -> dict[str, TransitionSpec]:
    """Every transition of a draft by name, in declaration order."""
    by_name: dict[str, list[Transition]] = {}
    for t in Draft._meta.get_field("status").get_all_transitions(Draft):
        by_name.setdefault(t.name, []).append(t)
    specs = {}
    for name, transitions in by_name.items():
        first = transitions[0]
        specs[name] = TransitionSpec(
            name=name,
            sources=tuple(str(t.source) for t in transitions),
            target=str(first.target),
            label=str(first.custom.get("label", name)),
            needs=tuple(first.custom.get("needs", ())),
            conditions=(*first.conditions, *(REQUIRED[required] for required in first.custom.get("requires", ()))),
            permission=first.permission,
            system=bool(first.custom.get("system")),
        )
    return specs


def mermaid_diagram() -> str:
    """The state machine as a Mermaid diagram, drawn from the declared transitions."""
    order = list(State.values)
    edges = sorted(
        ((source, spec.target, spec.name) for spec in transition_specs().values() for source in spec.sources),
        key=lambda edge: (order.index(edge[0]), order.index(edge[1])),
    )
    lines = ["stateDiagram-v2", f"    [*] --> {State.DRAFT.value}"]
    lines += [f"    {source} --> {target}: {name}" for source, target, name in edges]
    lines += [f"    {terminal} --> [*]" for terminal in ("approved", "rejected", "withdrawn")]
    return "\n".join(lines)
