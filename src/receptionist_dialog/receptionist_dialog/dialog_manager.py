"""The receptionist's conversation: a state machine from greeting to farewell, with no ROS in it.

Events come in (an engaged person, a transcript or typed text, the TTS speaking or not, people
leaving, the guide action's feedback and result, the clock); each returns a `Turn` saying what to
say, whether to start or cancel guiding, and the new state. The node (dialog_manager_node.py) wires
these to topics, services and the GuideVisitor action; the chat runs the same class in a terminal.

States (DialogState.STATE_*): idle -> greeting -> listening <-> answering / clarifying /
offering_guide -> guiding -> farewell -> idle; handover when the citizen asks for a staff member.
"""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from receptionist_dialog import responses as say
from receptionist_dialog.backend import OK, Backend, Catalog
from receptionist_dialog.nlu import PROCEDURE_INTENTS, SERVICE_INTENTS, NluContext, NluEngine, Understanding
from receptionist_dialog.responses import Address, Utterance

# Intents that ask the robot for something (after one is answered, a bare "chào" is a goodbye).
_REQUESTS = (*PROCEDURE_INTENTS, *SERVICE_INTENTS, "amenity")

IDLE = "idle"
GREETING = "greeting"
LISTENING = "listening"
ANSWERING = "answering"
CLARIFYING = "clarifying"
OFFERING_GUIDE = "offering_guide"
GUIDING = "guiding"
HANDOVER = "handover"
FAREWELL = "farewell"

# GuideVisitor result codes and feedback phases (mirrors of the action's constants, kept plain).
GUIDE_SUCCEEDED = 0
GUIDE_CANCELED = 3
GUIDE_VISITOR_LOST = 4
PHASE_GOING = "going"
PHASE_WAITING = "waiting_for_visitor"
PHASE_ARRIVED = "arrived"


@dataclass
class DialogConfig:
    silence_timeout_s: float = 20.0  # no word from an engaged citizen for this long: ask, then close
    silence_prompts: int = 1  # "còn cần em giúp gì không?" this many times before saying goodbye
    person_lost_timeout_s: float = 6.0  # the citizen out of sight this long: the conversation ends
    session_expiry_s: float = 600.0  # typed sessions (screen, terminal) forgotten after this idle time
    normal_rate_scale: float = 1.0
    elderly_rate_scale: float = 0.8  # SayRequest.rate_scale for elderly citizens and "nói chậm thôi"
    slowest_rate_scale: float = 0.65  # after a second "nói chậm thôi"
    offer_ticket_with_guide: bool = True  # "… có muốn em lấy số thứ tự và dẫn … đến quầy không ạ?"
    guide_after_arrival: int = 0  # GuideVisitor.RETURN_HOME
    max_not_understood: int = 2  # then offer a staff member
    max_clarifications: int = 2
    answer_settle_s: float = 6.0  # without speaking feedback, "answering" becomes "listening" after this


@dataclass
class Say:
    utterance_id: str
    display: str
    speech: str
    rate_scale: float
    interrupt: bool = False


@dataclass
class GuideRequest:
    destination: str  # POI id ("counter_3", "water_station")
    label: str  # how the robot names it ("quầy số 3 - ...")
    person_id: str
    after_arrival: int


@dataclass
class Turn:
    """What one event changed: what to say, whether to move, and what was understood."""

    session_id: str
    state: str
    says: list[Say] = field(default_factory=list)
    guide: GuideRequest | None = None
    cancel_guide: bool = False
    intent: str = ""
    understanding: Understanding | None = None
    procedure: dict | None = None
    counter_id: str = ""
    ticket_number: str = ""
    handover: bool = False

    @property
    def answer(self) -> str:
        return " ".join(s.display for s in self.says)

    def details(self) -> dict:
        """Everything a screen or the one-shot chat shows, as plain JSON-ready data."""
        u = self.understanding
        procedure = self.procedure or {}
        return {
            "session_id": self.session_id,
            "state": self.state,
            "intent": self.intent,
            "slots": {
                "procedure": procedure.get("id", ""),
                "amenity": u.amenity_id if u else "",
                "application_code": u.application_code if u else "",
                "counter": self.counter_id,
                "field": u.field_name if u else "",
            },
            "procedure": {
                "id": procedure.get("id", ""),
                "name": procedure.get("name", ""),
                "field": procedure.get("field", ""),
            },
            "counter": self.counter_id,
            "ticket_number": self.ticket_number,
            "answer": self.answer,
            "speech": " ".join(s.speech for s in self.says),
            "candidates": [c.id for c in u.candidates[:3]] if u else [],
            "clarify": list(u.clarify) if u else [],
            "confidence": u.confidence if u else 0.0,
            "nlu_latency_ms": round(u.latency_ms, 2) if u else 0.0,
            "handover": self.handover,
        }


@dataclass
class Conversation:
    session_id: str
    person_id: str = ""
    physical: bool = True  # the citizen in front of the robot (speech is spoken, guiding possible)
    state: str = IDLE
    elderly: bool = False
    rate_scale: float = 1.0
    procedure_id: str = ""  # the topic ("còn lệ phí thì sao?")
    expecting: str = ""  # "yes_no", "choice", "procedure", "application_code"
    options: list[str] = field(default_factory=list)
    pending_intent: str = ""
    offer: dict = field(default_factory=dict)  # what a "yes" does: guide / handover
    tickets: dict[str, str] = field(default_factory=dict)  # counter id -> ticket number
    last: Utterance | None = None
    last_activity: float = 0.0
    last_seen: float = 0.0
    silence_prompts: int = 0
    not_understood: int = 0
    clarifications: int = 0
    guide_label: str = ""
    guide_destination: str = ""  # POI id of the escort under way
    guide_ticket: str = ""
    guiding: bool = False  # an escort is under way (no new guide offers until it ends)
    guide_phase: str = ""  # the escort's last feedback phase: lines are said on changes, not repeats
    guide_arrived: bool = False  # the arrival was announced at the destination
    served: bool = False  # a request was answered: a bare "chào" now takes leave

    @property
    def address(self) -> Address:
        return say.ELDERLY if self.elderly else say.DEFAULT

    def expect(self, expecting: str = "", options: list[str] | None = None, intent: str = "") -> None:
        self.expecting = expecting
        self.options = list(options or [])
        self.pending_intent = intent
        if expecting != "yes_no":
            self.offer = {}


class DialogManager:
    """Conversations with citizens: the physical one in front of the robot, plus typed sessions."""

    def __init__(
        self,
        nlu: NluEngine,
        backend: Backend,
        config: DialogConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        directions: Callable[[str, str], str] | None = None,
    ) -> None:
        self.nlu = nlu
        self.backend = backend
        self.config = config or DialogConfig()
        self.clock = clock
        # (destination id, label) -> the way in words, said when the robot cannot lead the way.
        self.directions = directions
        self.catalog = Catalog()
        self._procedures: dict[str, dict] = {}
        self._amenities: dict[str, dict] = {}
        self._counters: dict[str, dict] = {}
        self._fields: dict[str, dict] = {}  # field -> {"counter_id", "counter_name", "examples"}
        self.current: Conversation | None = None  # the citizen in front of the robot
        self._typed: dict[str, Conversation] = {}
        self._ids = itertools.count(1)
        self.speaking = False

    # --- catalog -----------------------------------------------------------------------------------

    def update_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._procedures = {p["id"]: p for p in catalog.procedures}
        self._amenities = {a["id"]: a for a in catalog.amenities}
        self._counters = {c["id"]: c for c in catalog.counters}
        for procedure in catalog.procedures:
            counter_id = procedure.get("counter_id", "")
            if counter_id and counter_id not in self._counters:
                self._counters[counter_id] = {"id": counter_id, "name": procedure.get("counter_name", "")}
        self._fields = {}
        for procedure in catalog.procedures:
            entry = self._fields.setdefault(
                procedure.get("field", ""),
                {
                    "counter_id": procedure.get("counter_id", ""),
                    "counter_name": procedure.get("counter_name", ""),
                },
            )
            entry.setdefault("examples", []).append(procedure["name"])
        self.nlu.update_catalog(catalog.procedures, catalog.amenities, list(self._counters.values()))

    @property
    def has_catalog(self) -> bool:
        return bool(self._procedures)

    # --- events ------------------------------------------------------------------------------------

    def on_engaged(self, person_id: str) -> Turn:
        """A person looks at the robot: greet them (once per conversation)."""
        now = self.clock()
        conv = self.current
        if conv is not None and conv.state != IDLE:
            if not conv.person_id:
                conv.person_id = person_id
            if conv.person_id == person_id:
                conv.last_seen = now
            return Turn(conv.session_id, conv.state)
        conv = self._start(person_id, physical=True)
        return self._reply(conv, say.greeting(conv.address), intent="greeting", state=GREETING)

    def on_people_seen(self, person_ids: set[str]) -> Turn | None:
        """The tracker's current people: the conversation ends when its citizen is gone long enough."""
        conv = self.current
        if conv is None or conv.state == IDLE or conv.guiding or not conv.person_id:
            return None
        now = self.clock()
        if conv.person_id in person_ids:
            conv.last_seen = now
            return None
        if now - conv.last_seen >= self.config.person_lost_timeout_s:
            return self._end(conv, farewell=False)
        return None

    def on_disengaged(self, person_id: str) -> None:
        """Looking away is not leaving: the person-lost timer decides (see on_people_seen)."""

    def on_speaking(self, speaking: bool) -> Turn | None:
        self.speaking = speaking
        conv = self.current
        if conv is None:
            return None
        conv.last_activity = self.clock()  # silence counts from the end of the robot's sentence
        if not speaking and conv.state in (ANSWERING, GREETING):
            conv.state = LISTENING
            return Turn(conv.session_id, conv.state)
        if not speaking and conv.state == FAREWELL:
            return self._end(conv, farewell=False)
        return None

    def tick(self) -> Turn | None:
        """Timeouts: a silent citizen is asked once, then greeted goodbye; typed sessions expire."""
        now = self.clock()
        for key in [
            k for k, c in self._typed.items() if now - c.last_activity > self.config.session_expiry_s
        ]:
            del self._typed[key]
        conv = self.current
        if conv is None or conv.state in (IDLE, GUIDING, HANDOVER) or conv.guiding or self.speaking:
            return None
        if conv.state == FAREWELL:
            return self._end(conv, farewell=False) if now - conv.last_activity > 2.0 else None
        if now - conv.last_activity < self.config.silence_timeout_s:
            if conv.state in (ANSWERING, GREETING) and now - conv.last_activity > self.config.answer_settle_s:
                conv.state = LISTENING  # no TTS said when it finished: assume the answer has been said
                return Turn(conv.session_id, conv.state)
            return None
        if conv.silence_prompts < self.config.silence_prompts:
            conv.silence_prompts += 1
            conv.expect()
            return self._reply(conv, say.silence_prompt(conv.address), intent="silence")
        return self._farewell(conv, intent="silence")

    def on_text(self, text: str, session_id: str = "", source: str = "voice") -> Turn:
        """A final transcript or typed text: understand it and answer."""
        conv = self._conversation_for(session_id, source)
        conv.last_activity = self.clock()
        conv.silence_prompts = 0
        if not self.has_catalog:
            return self._reply(conv, say.catalog_unavailable(conv.address), intent="unavailable")
        context = NluContext(
            procedure_id=conv.procedure_id,
            expecting=conv.expecting if conv.expecting in ("yes_no", "choice") else "",
            options=conv.options,
            pending_intent=conv.pending_intent,
        )
        understanding = self.nlu.understand(text, context)
        if understanding.elderly_cue and not conv.elderly:
            conv.elderly = True
            conv.rate_scale = min(conv.rate_scale, self.config.elderly_rate_scale)
        turn = self._handle(conv, understanding)
        turn.understanding = understanding
        return turn

    def on_guide_feedback(self, phase: str) -> Turn | None:
        """The escort's phase, published over and over: speak only when it changes.

        One "waiting for you" line per pause of the escort, a short "go on" line when it resumes,
        and the arrival once (said at the counter, where the citizen stays: the action's result only
        comes once the robot is back home).
        """
        conv = self.current
        if conv is None or not conv.guiding:
            return None
        previous, conv.guide_phase = conv.guide_phase, phase
        if phase == previous or conv.guide_arrived:
            return None
        if phase == PHASE_WAITING:
            return self._reply(conv, say.guide_wait(conv.address), intent="guide_wait", state=GUIDING)
        if phase == PHASE_GOING and previous == PHASE_WAITING:
            return self._reply(conv, say.guide_resume(conv.address), intent="guide_resume", state=GUIDING)
        if phase == PHASE_ARRIVED:
            conv.guide_arrived = True
            utterance = say.guide_arrived(conv.address, conv.guide_label, conv.guide_ticket)
            return self._reply(conv, utterance, intent="arrived", state=GUIDING)
        return None

    def on_guide_result(self, code: int, destination_name: str = "") -> Turn | None:
        conv = self.current
        if conv is None or not conv.guiding:
            return None
        label = destination_name or conv.guide_label
        a = conv.address
        conv.guiding = False
        if code == GUIDE_SUCCEEDED and conv.guide_arrived:
            return self._end(conv, farewell=False)  # said at the counter; the citizen stayed there
        if code == GUIDE_SUCCEEDED:
            turn = self._reply(
                conv, say.guide_arrived(a, label, conv.guide_ticket), intent="arrived", state=FAREWELL
            )
            return turn
        if code == GUIDE_VISITOR_LOST:
            turn = self._reply(conv, say.guide_lost(a), intent="visitor_lost", state=FAREWELL)
            return turn
        if code == GUIDE_CANCELED:
            conv.state = LISTENING
            return Turn(conv.session_id, conv.state)
        way = self.directions(conv.guide_destination, conv.guide_label) if self.directions else ""
        return self._reply(conv, say.guide_failed(a, label, way), intent="guide_failed", state=LISTENING)

    def snapshot(self) -> Conversation | None:
        return self.current

    # --- conversation bookkeeping ------------------------------------------------------------------

    def _start(self, person_id: str, physical: bool, session_id: str = "") -> Conversation:
        now = self.clock()
        conv = Conversation(
            session_id=session_id or f"s{next(self._ids):04d}-{uuid.uuid4().hex[:6]}",
            person_id=person_id,
            physical=physical,
            state=LISTENING,
            rate_scale=self.config.normal_rate_scale,
            last_activity=now,
            last_seen=now,
        )
        if physical:
            self.current = conv
        else:
            self._typed[conv.session_id] = conv
        return conv

    def _conversation_for(self, session_id: str, source: str) -> Conversation:
        current = self.current
        if session_id and (current is None or current.session_id != session_id):
            conv = self._typed.get(session_id)
            if conv is None:
                conv = self._start("", physical=False, session_id=session_id)
            return conv
        if current is None or current.state == IDLE:
            current = self._start("", physical=True)
        return current

    def _end(self, conv: Conversation, farewell: bool) -> Turn:
        turn = self._farewell(conv) if farewell else Turn(conv.session_id, IDLE)
        conv.state = IDLE
        turn.state = IDLE
        conv.expect()
        if conv is self.current:
            self.current = None
        else:
            self._typed.pop(conv.session_id, None)
        return turn

    def _farewell(self, conv: Conversation, intent: str = "goodbye") -> Turn:
        conv.expect()
        return self._reply(conv, say.farewell(conv.address), intent=intent, state=FAREWELL)

    def _reply(
        self,
        conv: Conversation,
        utterance: Utterance,
        intent: str = "",
        state: str = ANSWERING,
        **extra: object,
    ) -> Turn:
        conv.state = state
        conv.last = utterance
        conv.last_activity = self.clock()
        rate = conv.rate_scale if conv.rate_scale > 0 else self.config.normal_rate_scale
        says = [Say(f"{conv.session_id}-{next(self._ids)}", utterance.display, utterance.speech, rate, True)]
        turn = Turn(conv.session_id, state, says=says, intent=intent)
        for key, value in extra.items():
            setattr(turn, key, value)
        return turn

    # --- understanding -> answer -------------------------------------------------------------------

    def _handle(self, conv: Conversation, u: Understanding) -> Turn:
        a = conv.address
        intent = u.intent
        was_guiding = conv.guiding
        if u.language == "empty":
            state = conv.state if conv.state not in (IDLE, FAREWELL) else LISTENING
            keep = (conv.expecting, conv.options, conv.pending_intent, dict(conv.offer))
            turn = self._reply(conv, say.empty_input(a), intent="empty", state=state)
            conv.expecting, conv.options, conv.pending_intent, conv.offer = keep
            return turn
        if intent == "repeat":
            return self._repeat(conv, u)
        if intent == "speak_slower":
            return self._slower(conv, u)
        if u.language == "foreign":
            conv.not_understood += 1
            return self._reply(conv, say.foreign_language(a), intent="out_of_scope", state=LISTENING)

        # Answers to the robot's own question come first.
        if conv.expecting == "yes_no" and intent in ("affirm", "deny"):
            return self._answer_offer(conv, intent == "affirm", u)
        if conv.guiding and intent == "deny":
            conv.state = LISTENING
            turn = self._reply(conv, say.guide_cancelled(a), intent="cancel_guide", state=LISTENING)
            turn.cancel_guide = True
            conv.guiding = False
            return turn
        if conv.expecting == "application_code" and u.application_code:
            intent = "application_status"
        if (
            conv.expecting == "procedure"
            and (u.procedure_id or u.counter_id)
            and conv.pending_intent
            and intent == "ask_location"
            and u.intent_scores.get("ask_location", 0.0) < 2.9
        ):
            intent = conv.pending_intent  # "lệ phí bao nhiêu?" - "khai sinh" -> the fee of it
        if u.choice_resolved:
            conv.clarifications = 0
        if intent == "greeting" and u.alternative_intent == "goodbye" and conv.served:
            intent = "goodbye"  # "chào cháu nhé" after being helped is leaving, at the start a hello
        conv.expect()

        handlers = {
            "greeting": self._greeting,
            "thanks": lambda c, _u: self._reply(c, say.thanks(c.address), intent="thanks", state=LISTENING),
            "goodbye": lambda c, _u: self._farewell(c),
            "ask_staff": self._handover,
            "affirm": lambda c, _u: self._reply(
                c, say.anything_else(c.address), intent="affirm", state=LISTENING
            ),
            "deny": lambda c, _u: self._reply(c, say.declined(c.address), intent="deny", state=LISTENING),
            "amenity": self._amenity,
            "take_ticket": self._take_ticket,
            "queue_status": self._queue_status,
            "application_status": self._application_status,
        }
        if intent in PROCEDURE_INTENTS:
            turn = self._procedure_question(conv, u, intent)
        elif intent in handlers:
            turn = handlers[intent](conv, u)
        else:
            turn = self._not_understood(conv, u)
        if intent != "out_of_scope" and turn.intent not in ("out_of_scope", "not_understood"):
            conv.not_understood = 0
            conv.served = conv.served or intent in _REQUESTS
        if was_guiding and not turn.guide and not turn.cancel_guide and turn.state != FAREWELL:
            turn.state = conv.state = GUIDING  # questions while walking do not stop the escort
        return turn

    def _greeting(self, conv: Conversation, u: Understanding) -> Turn:
        utterance = say.invite_question(conv.address) if u.opener else say.greeting_again(conv.address)
        return self._reply(conv, utterance, intent="greeting", state=LISTENING)

    def _repeat(self, conv: Conversation, u: Understanding) -> Turn:
        if conv.last is None:
            return self._reply(conv, say.nothing_to_repeat(conv.address), intent="repeat", state=LISTENING)
        keep_expecting = (conv.expecting, conv.options, conv.pending_intent, dict(conv.offer))
        turn = self._reply(
            conv, conv.last, intent="repeat", state=conv.state if conv.state != IDLE else LISTENING
        )
        conv.expecting, conv.options, conv.pending_intent, conv.offer = keep_expecting
        return turn

    def _slower(self, conv: Conversation, u: Understanding) -> Turn:
        if conv.rate_scale <= self.config.elderly_rate_scale:
            conv.rate_scale = self.config.slowest_rate_scale
        else:
            conv.rate_scale = self.config.elderly_rate_scale
        conv.elderly = True
        keep = (conv.expecting, conv.options, conv.pending_intent, dict(conv.offer))
        state = conv.state if conv.state not in (IDLE, FAREWELL, ANSWERING) else LISTENING
        last = conv.last
        turn = self._reply(conv, say.slower(conv.address, last), intent="speak_slower", state=state)
        conv.expecting, conv.options, conv.pending_intent, conv.offer = keep
        conv.last = last or conv.last  # "nói lại" afterwards repeats the answer, not the apology
        return turn

    def _handover(self, conv: Conversation, u: Understanding | None) -> Turn:
        return self._reply(
            conv, say.handover(conv.address), intent="ask_staff", state=HANDOVER, handover=True
        )

    def _not_understood(self, conv: Conversation, u: Understanding) -> Turn:
        conv.not_understood += 1
        offer_staff = conv.not_understood >= self.config.max_not_understood
        # A clear question ("… ở đâu") about a thing the center does not handle: say so and send the
        # citizen to the reception staff, rather than asking them to repeat it.
        asked = max(u.intent_scores.values(), default=0.0) >= self.nlu.config.question_min_weight
        if u.intent == "out_of_scope" and asked and not offer_staff:
            utterance = say.out_of_scope(conv.address, offer_staff, asked_about_something=True)
        elif u.intent == "out_of_scope" and u.intent_scores == {} and not u.candidates:
            utterance = say.out_of_scope(conv.address, offer_staff)
        else:
            utterance = say.not_understood(conv.address, offer_staff)
        turn = self._reply(conv, utterance, intent="out_of_scope", state=LISTENING)
        if offer_staff:
            conv.expect("yes_no")
            conv.offer = {"kind": "handover"}
        return turn

    def _answer_offer(self, conv: Conversation, yes: bool, u: Understanding) -> Turn:
        offer = dict(conv.offer)
        conv.expect()
        a = conv.address
        if not yes:
            return self._reply(conv, say.declined(a), intent="deny", state=LISTENING)
        if offer.get("kind") == "handover":
            return self._handover(conv, u)
        if offer.get("kind") == "guide":
            number = ""
            counter_id = offer.get("counter_id", "")
            if offer.get("with_ticket") and counter_id:
                result = self._issue_ticket(conv, counter_id, offer.get("procedure_id", ""))
                number = result.ticket_number if result is not None and result.status == OK else ""
            conv.guide_label = offer["label"]
            conv.guide_destination = offer["destination"]
            conv.guiding = True
            conv.guide_phase = ""
            conv.guide_arrived = False
            conv.guide_ticket = number or conv.tickets.get(counter_id, "")
            turn = self._reply(
                conv, say.guide_start(a, offer["label"], number), intent="affirm", state=GUIDING
            )
            turn.guide = GuideRequest(
                destination=offer["destination"],
                label=offer["label"],
                person_id=conv.person_id,
                after_arrival=self.config.guide_after_arrival,
            )
            turn.ticket_number = number
            turn.counter_id = counter_id
            return turn
        return self._reply(conv, say.anything_else(a), intent="affirm", state=LISTENING)

    def _offer_guide(self, conv: Conversation, destination: str, label: str, counter_id: str = "",
                     procedure_id: str = "") -> str:  # fmt: skip
        """Set up the "yes" of a guide offer; returns the offer wording to append."""
        if not conv.physical or not destination or conv.guiding:
            return ""
        with_ticket = (
            bool(counter_id) and self.config.offer_ticket_with_guide and counter_id not in conv.tickets
        )
        conv.expect("yes_no")
        conv.offer = {
            "kind": "guide",
            "destination": destination,
            "label": label,
            "counter_id": counter_id,
            "procedure_id": procedure_id,
            "with_ticket": with_ticket,
        }
        if counter_id:
            return "ticket_and_guide" if with_ticket else "guide"
        return "place"

    # --- procedures --------------------------------------------------------------------------------

    def _procedure_question(self, conv: Conversation, u: Understanding, intent: str) -> Turn:
        a = conv.address
        procedure = self._procedures.get(u.procedure_id)
        if procedure is None:
            if intent == "ask_location" and u.counter_id:
                counter = self._counters.get(u.counter_id, {"id": u.counter_id, "name": ""})
                label = say.counter_phrase(counter.get("name", ""), u.counter_id)
                offer = self._offer_guide(conv, u.counter_id, label, counter_id=u.counter_id)
                utterance = say.counter_location(a, counter.get("name", ""), u.counter_id, offer)
                return self._reply(
                    conv, utterance, intent=intent, state=self._offer_state(conv), counter_id=u.counter_id
                )
            if u.field_name and u.field_name in self._fields:
                entry = self._fields[u.field_name]
                if intent == "ask_location":
                    label = say.counter_phrase(entry["counter_name"], entry["counter_id"])
                    offer = self._offer_guide(
                        conv, entry["counter_id"], label, counter_id=entry["counter_id"]
                    )
                    utterance = say.field_location(
                        a, u.field_name, entry["counter_name"], entry["counter_id"], offer
                    )
                    return self._reply(
                        conv,
                        utterance,
                        intent=intent,
                        state=self._offer_state(conv),
                        counter_id=entry["counter_id"],
                    )
                conv.expect("procedure", intent=intent)
                utterance = say.ask_which_procedure(a, intent, entry.get("examples", []))
                return self._reply(conv, utterance, intent=intent, state=CLARIFYING)
            conv.expect("procedure", intent=intent)
            return self._reply(
                conv, say.ask_which_procedure(a, intent, self._examples()), intent=intent, state=CLARIFYING
            )

        if u.clarify and not u.procedure_from_context:
            options = [self._procedures[p] for p in u.clarify if p in self._procedures]
            same_counter = len({p.get("counter_id") for p in options}) == 1
            if (
                not (same_counter and intent == "ask_location")
                and conv.clarifications < self.config.max_clarifications
            ):
                conv.clarifications += 1
                conv.expect("choice", [p["id"] for p in options], intent)
                utterance = say.clarify(a, [p["name"] for p in options])
                return self._reply(conv, utterance, intent=intent, state=CLARIFYING)
        conv.clarifications = 0
        conv.procedure_id = procedure["id"]
        counter_id = procedure.get("counter_id", "")
        extra = {"procedure": procedure, "counter_id": counter_id}
        if intent == "ask_location":
            label = say.counter_phrase(procedure.get("counter_name", ""), counter_id)
            offer = self._offer_guide(
                conv, counter_id, label, counter_id=counter_id, procedure_id=procedure["id"]
            )
            return self._reply(
                conv, say.location(a, procedure, offer), intent=intent, state=self._offer_state(conv), **extra
            )
        if intent == "ask_documents":
            return self._reply(conv, say.documents(a, procedure), intent=intent, **extra)
        if intent == "ask_fee":
            return self._reply(conv, say.fee(a, procedure), intent=intent, **extra)
        return self._reply(conv, say.processing_time(a, procedure), intent=intent, **extra)

    def _offer_state(self, conv: Conversation) -> str:
        return OFFERING_GUIDE if conv.expecting == "yes_no" else ANSWERING

    def _examples(self) -> list[str]:
        names = [p["colloquial_names"][0] for p in self.catalog.procedures if p.get("colloquial_names")]
        return names[:3]

    # --- services ----------------------------------------------------------------------------------

    def _counter_for(self, conv: Conversation, u: Understanding) -> tuple[str, dict | None]:
        if u.counter_id:
            return u.counter_id, None
        procedure = self._procedures.get(u.procedure_id)
        if procedure is not None:
            return procedure.get("counter_id", ""), procedure
        if u.field_name and u.field_name in self._fields:
            return self._fields[u.field_name]["counter_id"], None
        return "", None

    def _issue_ticket(self, conv: Conversation, counter_id: str, procedure_id: str):
        # One key per conversation and counter: a repeated request (or a retry) gets the same ticket.
        key = f"{conv.session_id}:{counter_id}"
        result = self.backend.issue_ticket(key, counter_id, procedure_id)
        if result.status == OK and result.ticket_number:
            conv.tickets[result.counter_id or counter_id] = result.ticket_number
        return result

    def _take_ticket(self, conv: Conversation, u: Understanding) -> Turn:
        a = conv.address
        counter_id, procedure = self._counter_for(conv, u)
        if not counter_id:
            conv.expect("procedure", intent="take_ticket")
            return self._reply(
                conv,
                say.ask_which_procedure(a, "take_ticket", self._examples()),
                intent="take_ticket",
                state=CLARIFYING,
            )
        if procedure is not None:
            conv.procedure_id = procedure["id"]
        result = self._issue_ticket(conv, counter_id, procedure["id"] if procedure else "")
        if result.status != OK:
            return self._reply(
                conv, say.ticket_unavailable(a), intent="take_ticket", state=LISTENING, counter_id=counter_id
            )
        counter_name = result.counter_name or self._counters.get(counter_id, {}).get("name", "")
        label = say.counter_phrase(counter_name, result.counter_id or counter_id)
        offer = self._offer_guide(conv, result.counter_id or counter_id, label)
        offer = "guide" if offer else ""
        if offer:
            conv.offer["counter_id"] = result.counter_id or counter_id
        utterance = say.ticket(
            a, result.ticket_number, counter_name, result.counter_id or counter_id, result.waiting_ahead,
            result.estimated_wait_s, result.duplicate, offer,
        )  # fmt: skip
        return self._reply(
            conv,
            utterance,
            intent="take_ticket",
            state=self._offer_state(conv),
            procedure=procedure,
            counter_id=result.counter_id or counter_id,
            ticket_number=result.ticket_number,
        )

    def _queue_status(self, conv: Conversation, u: Understanding) -> Turn:
        a = conv.address
        counter_id, procedure = self._counter_for(conv, u)
        own = ""
        if not counter_id and len(conv.tickets) == 1:
            counter_id, own = next(iter(conv.tickets.items()))
        elif counter_id:
            own = conv.tickets.get(counter_id, "")
        result = self.backend.queue_status(counter_id)
        if result.status != OK or not result.counters:
            return self._reply(conv, say.queue_unavailable(a), intent="queue_status", state=LISTENING)
        if counter_id:
            queue = next((q for q in result.counters if q.counter_id == counter_id), result.counters[0])
            return self._reply(
                conv, say.queue_one(a, queue, own), intent="queue_status", state=LISTENING,
                counter_id=counter_id, procedure=procedure,
            )  # fmt: skip
        total = sum(q.waiting for q in result.counters)
        busiest = max(result.counters, key=lambda q: q.waiting)
        label = say.counter_phrase(busiest.counter_name, busiest.counter_id) if busiest.waiting else ""
        conv.expect("procedure", intent="queue_status")
        return self._reply(conv, say.queue_all(a, total, label), intent="queue_status", state=LISTENING)

    def _application_status(self, conv: Conversation, u: Understanding) -> Turn:
        a = conv.address
        if not u.application_code:
            conv.expect("application_code", intent="application_status")
            return self._reply(
                conv, say.ask_application_code(a), intent="application_status", state=LISTENING
            )
        result = self.backend.application_status(u.application_code)
        if result.status == OK:
            return self._reply(
                conv, say.application(a, result), intent="application_status", state=LISTENING,
                counter_id=result.counter_id,
            )  # fmt: skip
        if result.status in ("not_found", "invalid_request"):
            conv.expect("application_code", intent="application_status")
            utterance = say.application_not_found(a, u.application_code)
            return self._reply(conv, utterance, intent="application_status", state=LISTENING)
        return self._reply(conv, say.application_unavailable(a), intent="application_status", state=LISTENING)

    def _amenity(self, conv: Conversation, u: Understanding) -> Turn:
        entry = self._amenities.get(u.amenity_id)
        if entry is None:
            return self._not_understood(conv, u)
        poi = entry.get("poi_id", "")
        offer = ""
        if poi and poi != "reception":
            offer = self._offer_guide(conv, poi, entry.get("name", ""))
        utterance = say.amenity(conv.address, entry, bool(offer))
        return self._reply(conv, utterance, intent="amenity", state=self._offer_state(conv))
