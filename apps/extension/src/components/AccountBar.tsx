import { useState } from "preact/hooks";
import type { ApiClient } from "../lib/api";
import { type Connection, clearSession } from "../lib/connection-client";

/** Who is signed in where, and sign out (which revokes the token on the server first). */
export function AccountBar(props: {
  connection: Connection;
  api: ApiClient;
  children?: preact.ComponentChildren;
}) {
  const [note, setNote] = useState("");
  async function signOut() {
    try {
      await props.api.auth.signOut.mutate();
    } catch {
      // Still forget the token locally; say so, because it may stay valid until it expires.
      setNote("Signed out here, but the server could not be reached to revoke the session.");
    }
    await clearSession();
  }
  return (
    <div>
      <div class="account">
        <span
          class="account-email small muted"
          title={`${props.connection.session?.user.email} on ${props.connection.serverUrl}`}
        >
          {props.connection.session?.user.email}
        </span>
        {props.children}
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      {note && <p class="warning">{note}</p>}
    </div>
  );
}
