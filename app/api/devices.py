"""The two endpoints a kiosk or hall display calls before it has a session.

``POST /api/v1/device/enrol`` exchanges the one-time code (typed on the device) for the
device's credential, once; it needs no token, since the code is the proof, and five wrong
codes void it. ``POST /api/v1/device/sign-in`` exchanges the credential for a session whose
actor is the device as enrolled (role and hall from its row). Registering, listing and revoking
devices are use cases of the registry (``/api/v1/devices/...``), for administrators and hall
managers.
"""

from __future__ import annotations

from fastapi import FastAPI, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api import sessions
from app.api.wire import dumps
from app.db import Database
from app.services import devices


class EnrolRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    device_id: int
    code: str = Field(max_length=32)


class DeviceSignInRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    credential: str = Field(max_length=128)


def install(api: FastAPI, db: Database) -> None:
    @api.post("/api/v1/device/enrol", tags=["devices"])
    def enrol(body: EnrolRequest) -> Response:
        """The device's code for its credential, once; the credential is never shown again."""
        with db.scope() as s:
            done = devices.enrol_device(s, body.device_id, body.code,
                                        now=sessions.server_now(s))
        return Response(dumps({"result": done}), media_type="application/json")

    @api.post("/api/v1/device/sign-in", tags=["devices"])
    def sign_in(body: DeviceSignInRequest) -> Response:
        """A session for an enrolled device; its earlier session ends."""
        with db.scope() as s:
            now = sessions.server_now(s)
            device, hall = devices.signed_device(s, body.credential)
            actor = devices.device_actor(device, hall)
            token, row = sessions.start_device(s, device, hall, now)
            expires_at = row.expires_at
        return Response(dumps({"token": token, "expires_at": expires_at, "actor": actor}),
                        media_type="application/json")
