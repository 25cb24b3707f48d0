import { useEffect, useMemo, useState } from "preact/hooks";
import { type ApiClient, connectApi } from "../lib/api";
import { type Connection, readConnection, watchConnection } from "../lib/connection-client";

/** The stored connection (undefined while loading) and a client bound to its token. */
export function useConnection(): { connection: Connection | undefined; api: ApiClient | undefined } {
  const [connection, setConnection] = useState<Connection>();
  useEffect(() => {
    void readConnection().then(setConnection);
    return watchConnection(setConnection);
  }, []);
  const api = useMemo(
    () => (connection?.session ? connectApi(connection.serverUrl, connection.session.token) : undefined),
    [connection?.serverUrl, connection?.session?.token],
  );
  return { connection, api };
}
