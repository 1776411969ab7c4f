"""Who may do what, in one place: the workflow, the CLI and the web layer all ask here.

Officers, judges, bureau heads and presidents act on their own court's cases; supervisors of a
higher court read every case whose court chain holds their court (domain/courts.py);
integrations answer requests for the court they serve. Which roles may issue a command is the
command's own entry in the registry (domain/registry.py).
"""

from collections.abc import Sequence

from domain.commands import Actor
from domain.courts import covers, is_above
from domain.registry import COMMANDS


def may_read(actor: Actor, chain: Sequence[str]) -> bool:
    """May the actor read a case (or list a court's subtree) whose court chain is ``chain``
    (the court first, then those above it)?"""
    if actor.role == "supervisor":
        return covers(actor.court_code, chain)
    return actor.court_code == chain[0]


def may_issue(actor: Actor, chain: Sequence[str], command_type: str) -> bool:
    spec = COMMANDS.get(command_type)
    if spec is None or actor.role not in spec.roles:
        return False
    if spec.from_above:
        return is_above(actor.court_code, chain)
    if spec.from_helping_court:
        return actor.court_code != chain[0]
    return actor.court_code == chain[0]


def may_list(actor: Actor, chain: Sequence[str]) -> bool:
    """May the actor list the cases of the subtree of ``chain[0]`` (CLI ``supervise list``,
    web)? Supervisors list every court below their own; everybody else only their own court."""
    return may_read(actor, chain)
