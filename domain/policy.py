"""Who may do what, in one place: the workflow, the CLI and the web layer all ask here.

Officers, judges, bureau heads and presidents act on their own court's cases; supervisors of a
higher court read every case of their court's subtree (domain/courts.py); integrations answer
requests for the court they serve. Which roles may issue a command is the command's own entry in
the registry (domain/registry.py).
"""

from domain.commands import Actor
from domain.courts import court_covers, is_above
from domain.registry import COMMANDS


def may_read(actor: Actor, court_code: str) -> bool:
    if actor.role == "supervisor":
        return court_covers(actor.court_code, court_code)
    return actor.court_code == court_code


def may_issue(actor: Actor, court_code: str, command_type: str) -> bool:
    spec = COMMANDS.get(command_type)
    if spec is None or actor.role not in spec.roles:
        return False
    if spec.from_above:
        return is_above(actor.court_code, court_code)
    return actor.court_code == court_code


def may_list(actor: Actor, court_code: str) -> bool:
    """May the actor list the cases of ``court_code``'s subtree (CLI ``supervise list``, web)?
    Supervisors list every court their own covers; everybody else only their own court."""
    return may_read(actor, court_code)
