"""What the touchscreen shows, kept in one thread-safe place and versioned so pages can wait for changes.

Turns come from three channels that may report the same sentence twice: the kiosk's own Ask calls, the
robot's SayRequest (the dialog speaks the answer it just returned) and the citizen's Transcript (the
dialog may echo typed text). Identical text from the same speaker within a short window is shown once.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

ROBOT = "robot"
CITIZEN = "citizen"

# DialogState.STATE_* -> the status line of the screen (Vietnamese, polite).
STATUS_TEXT = {
    "idle": "Robot sẵn sàng hỗ trợ anh/chị",
    "greeting": "Robot xin kính chào",
    "listening": "Robot đang lắng nghe...",
    "answering": "Robot đang trả lời",
    "clarifying": "Robot xin hỏi lại để hiểu rõ hơn",
    "offering_guide": "Robot có thể dẫn anh/chị đến quầy",
    "guiding": "Mời anh/chị đi theo robot",
    "handover": "Robot đang mời nhân viên hỗ trợ",
    "farewell": "Chúc anh/chị một ngày tốt lành",
}
THINKING_TEXT = "Robot đang tìm câu trả lời..."


@dataclass(frozen=True)
class Turn:
    seq: int
    role: str  # ROBOT or CITIZEN
    text: str
    source: str  # voice, screen, button, system
    at: float  # monotonic seconds, for de-duplication and session changes
    wall_time: float


class PageState:
    """Conversation, dialog state, ticket, counter and buttons of the screen."""

    def __init__(
        self,
        max_turns: int = 40,
        dedupe_window_s: float = 8.0,
        new_session_grace_s: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._turns: deque[Turn] = deque(maxlen=max_turns)
        self._dedupe_window_s = dedupe_window_s
        self._grace_s = new_session_grace_s
        self._clock = clock
        self._seq = itertools.count(1)
        self._changed = threading.Condition()
        self._version = 0
        self._state = "idle"
        self._session_id = ""
        self._ticket_number = ""
        self._counter_id = ""
        self._procedure_name = ""
        self._elderly_mode = False
        self._pending_asks = 0
        self._buttons: list[dict[str, str]] = []
        self._counter_names: dict[str, str] = {}

    # --- changes -----------------------------------------------------------------------------------
    def _bump(self) -> None:
        """Call with the condition held."""
        self._version += 1
        self._changed.notify_all()

    def add_turn(self, role: str, text: str, source: str) -> bool:
        """Append a turn unless it is empty or repeats the same speaker's text within the window."""
        text = " ".join(text.split())
        if not text or role not in (ROBOT, CITIZEN):
            return False
        now = self._clock()
        with self._changed:
            for turn in reversed(self._turns):
                if now - turn.at > self._dedupe_window_s:
                    break
                if turn.role == role and turn.text == text:
                    return False
            self._turns.append(Turn(next(self._seq), role, text, source, now, time.time()))
            self._bump()
        return True

    def update_dialog(
        self,
        state: str,
        session_id: str = "",
        counter_id: str = "",
        ticket_number: str = "",
        procedure_name: str = "",
        elderly_mode: bool = False,
    ) -> None:
        """Apply a DialogState. A new conversation clears the previous citizen's turns and ticket (privacy),
        except turns added in the last moments, which already belong to the new conversation."""
        now = self._clock()
        with self._changed:
            if session_id and self._session_id and session_id != self._session_id:
                recent = [turn for turn in self._turns if now - turn.at <= self._grace_s]
                self._turns.clear()
                self._turns.extend(recent)
                self._ticket_number = self._counter_id = self._procedure_name = ""
            if session_id:
                self._session_id = session_id
            self._state = state or self._state
            self._counter_id = counter_id or self._counter_id
            self._ticket_number = ticket_number or self._ticket_number
            self._procedure_name = procedure_name or self._procedure_name
            self._elderly_mode = elderly_mode
            self._bump()

    def apply_answer(
        self, counter_id: str = "", ticket_number: str = "", procedure_name: str = "", state: str = ""
    ) -> None:
        """Apply the non-empty fields of an Ask response (the dialog state may arrive later)."""
        with self._changed:
            self._counter_id = counter_id or self._counter_id
            self._ticket_number = ticket_number or self._ticket_number
            self._procedure_name = procedure_name or self._procedure_name
            self._state = state or self._state
            self._bump()

    def ask_started(self) -> None:
        with self._changed:
            self._pending_asks += 1
            self._bump()

    def ask_finished(self) -> None:
        with self._changed:
            self._pending_asks = max(0, self._pending_asks - 1)
            self._bump()

    def set_buttons(self, buttons: list[dict[str, str]]) -> None:
        with self._changed:
            if buttons != self._buttons:
                self._buttons = list(buttons)
                self._bump()

    def set_counter_names(self, names: dict[str, str]) -> None:
        with self._changed:
            self._counter_names = dict(names)
            self._bump()

    # --- reading -----------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        with self._changed:
            return self._version

    def wait_for_change(self, version: int, timeout: float) -> bool:
        """Block until the version differs from `version` (True) or the timeout passes (False)."""
        with self._changed:
            return self._changed.wait_for(lambda: self._version != version, timeout=timeout)

    def snapshot(self) -> dict[str, Any]:
        """Everything the page renders, as JSON-ready data."""
        with self._changed:
            thinking = self._pending_asks > 0
            return {
                "version": self._version,
                "state": self._state,
                "status_text": THINKING_TEXT if thinking else STATUS_TEXT.get(self._state, ""),
                "thinking": thinking,
                "session_id": self._session_id,
                "ticket_number": self._ticket_number,
                "counter_id": self._counter_id,
                "counter_name": self._counter_names.get(self._counter_id, self._counter_id),
                "procedure_name": self._procedure_name,
                "elderly_mode": self._elderly_mode,
                "turns": [{k: v for k, v in asdict(turn).items() if k != "at"} for turn in self._turns],
                "buttons": list(self._buttons),
            }
