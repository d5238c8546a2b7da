// The browser-facing upload route also takes API keys: a key with `requireReadBeforeWrite` is
// refused there too, before the upload handler reads the body (REST refuses it in its own door).
import { CLIENT_IP_HEADER } from "~/server/auth/client-ip";
import { errorResponse } from "~/server/files/http";
import { resolveIdentity } from "./identity";
import { refuseUploadForCarefulKey } from "./read-before-write";

type Handler<C> = (req: Request, route: C) => Promise<Response>;

/** Wraps an upload handler; cookie sessions pass straight through (they are not keys). */
export function refusingCarefulKeys<C>(upload: Handler<C>): Handler<C> {
  return async (req, route) => {
    const authorization = req.headers.get("authorization");
    if (authorization) {
      // Not charged here: the upload handler resolves (and charges) the key itself. A bad key is
      // left to it too, so the answer is the same as without this wrapper.
      const actor = await resolveIdentity({ authorization }, { charge: false }).catch(() => null);
      try {
        await refuseUploadForCarefulKey({ actor, ip: req.headers.get(CLIENT_IP_HEADER) || null, channel: "API" });
      } catch (error) {
        return errorResponse(error, "files.upload");
      }
    }
    return upload(req, route);
  };
}
