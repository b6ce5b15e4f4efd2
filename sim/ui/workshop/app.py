"""The workshop server's Solara app: the participants' page at /, the facilitator's at /facilitator.

Started by `fremdrift workshop` (which runs `solara run sim.ui.workshop.app`). Participants
type only the address, or scan the QR code, so their page is the front page; the facilitator's
needs the key in its address.
"""

from __future__ import annotations

import warnings

import solara
import solara.server.settings

from sim.ui.stacks import dump_on_sigusr1
from sim.ui.workshop.facilitator import Facilitator
from sim.ui.workshop.participant import Participant

# As in sim.ui.app: a warning no operator can act on, and an English banner on a Danish page.
warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
solara.server.settings.theme.show_banner = False
dump_on_sigusr1()  # in a `fremdrift workshop` server only (sim.ui.stacks)


@solara.component
def Layout(children=()):
    """No navigation bar: a participant has one page, and the facilitator's needs its key."""
    solara.Column(children=list(children), style={"padding": "0"})


routes = [
    solara.Route(path="/", component=Participant, label="participant", layout=Layout),
    solara.Route(path="facilitator", component=Facilitator, label="facilitator"),
]
