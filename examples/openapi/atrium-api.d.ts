// Generated from GET /api/v1/openapi.json by openapi-typescript: do not edit.
// Regenerate with `npm run openapi:types`; a test fails when this file is stale.
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health of the server, its database and Docker */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/named-workspaces/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find a workspace by the name you gave it
         * @description (Not `/workspaces/by-name/{name}`: that would be ambiguous with `/workspaces/{id}/files` and its siblings. `GET /workspaces?name=` is the same lookup as a list.) Yours first (names are unique per owner among active workspaces, case-insensitively); else the oldest one shared with you under that name.
         */
        get: operations["getWorkspaceByName"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/named-workspaces/{name}/files/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Write a file in your workspace named {name}, creating the workspace on first use
         * @description As PUT /workspaces/{id}/files/content; `workspaceId` says which workspace it landed in.
         */
        put: operations["writeFileByName"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandbox/ceilings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The instance's limit ceilings */
        get: operations["getCeilings"];
        /** Set the limit ceilings (admins) */
        put: operations["setCeilings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sandbox/workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Task workers: load and heartbeat (admins) */
        get: operations["workerHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a sandbox session, naming its workspace or not
         * @description `workspace_id`: a workspace id, or the name of one of yours (created on first use; an existing id wins over a name that spells it). Without it the session is ephemeral: a workspace is made for it (`ephemeral: true`) and deleted, files and all, when the session ends.
         */
        post: operations["startSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop a sandbox session and delete it */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sessions/{id}/snapshot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a copy-on-write session's files as a snapshot
         * @description For a session started with `access: cow`: packs the workspace as that session sees it (its writes on top) into a new workspace snapshot. The session keeps running; stopping it still discards its writes.
         */
        post: operations["snapshotSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shared-folders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List shared folders (admins) */
        get: operations["listSharedFolders"];
        put?: never;
        /**
         * Share a host folder (admins)
         * @description The path must be an existing directory with no symbolic link on the way, outside Atrium's data directory, system directories and every workspace.
         */
        post: operations["defineSharedFolder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/shared-folders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop sharing a folder (admins); the host folder is left alone */
        delete: operations["deleteSharedFolder"];
        options?: never;
        head?: never;
        /** Change a shared folder's description or write permission (admins) */
        patch: operations["updateSharedFolder"];
        trace?: never;
    };
    "/snapshots/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the workspace's files with a snapshot's (owners)
         * @description A PRE_RESTORE snapshot of the current files is taken first (`preRestore`); restore that one to undo.
         */
        post: operations["restoreSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/snapshots/{id}/restore-as-new": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a snapshot into a NEW workspace you own (owners of its workspace)
         * @description Owners only, like a restore in place: a snapshot holds every file, the ones path rules block included. The archive must fit a new workspace's quota.
         */
        post: operations["restoreSnapshotAsNew"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A task's state, exit code and output tails */
        get: operations["getTask"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/tasks/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued or running task
         * @description A running task's container is removed (every process in it ends).
         */
        post: operations["cancelTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List workspaces
         * @description Filters: `archived=true` includes archived ones, `q` matches the name, `name` is one exact name (as GET /named-workspaces/{name}: at most one item, other filters ignored), any `metadata.KEY=VALUE` (repeatable, all must match; `VALUE` is read as JSON when it parses, else as a string).
         */
        get: operations["listWorkspaces"];
        put?: never;
        /** Create a workspace */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workspace */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /**
         * Delete a workspace
         * @description Files are kept unless `deleteFiles=true`.
         */
        delete: operations["deleteWorkspace"];
        options?: never;
        head?: never;
        /**
         * Rename, describe or change metadata
         * @description `metadata` replaces, `metadataMerge` merges (null deletes a key).
         */
        patch: operations["updateWorkspace"];
        trace?: never;
    };
    "/workspaces/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive to tar.gz (frees the live files) */
        post: operations["archiveWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/command-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's command policy (members) */
        get: operations["getCommandPolicy"];
        /**
         * Set the command policy (owners)
         * @description Send `{"preset": "worker"}` for the worker design's allowlist in one call, or `{"policy": {"allowedBinaries": [...], "blockedPatterns": [...]}}` (null removes it). Patterns are `*` globs, or RE2 regular expressions prefixed `re:`.
         */
        put: operations["setCommandPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow the workspace's events (Server-Sent Events)
         * @description A `text/event-stream` that stays open: `files:changed` (paths changed on disk, from editors, terminals, agents, tasks, restores; `overflow: true` means list again), `task:changed`, `snapshot:created`/`snapshot:deleted`/`snapshot:restored` and `session:changed`, each with an `id:`. Viewers may follow (`read` scope).
         *
         *     The first event is `ready` (its id is where to resume from). Reconnect with the `Last-Event-ID` header (or `lastEventId`) to get what you missed: each workspace keeps its last ATRIUM_EVENTS_BUFFER events (1000 by default) while someone follows it and for 5 minutes after. An id that is older, from before a restart or unknown gets a `reset` event: list what you need again, then follow.
         *
         *     File changes never name protected files or paths blocked by the workspace's rules. A comment line (`: keep-alive`) comes every 15 s. The stream ends with a `revoked` event (code, reason, message) when your key is revoked or expires or you lose access to the workspace, and with `closing` when the server restarts.
         */
        get: operations["workspaceEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/exec": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a command in the workspace's sandbox
         * @description A string runs through `sh -c`; an array runs as argv. Starts a sandbox session if none is running.
         */
        post: operations["exec"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/execute-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a snippet (bash, python, node) */
        post: operations["executeCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the whole workspace as .tar.gz (streamed), manifest first
         * @description Viewers may export (`read` scope). The first entry is `.atrium/manifest.json` (format, version, name, description, metadata, dates, snapshot list); protected files and blocked paths are left out. Progress is published as `snapshot:progress` under `X-Atrium-Operation-Id` (or your `operationId`).
         */
        get: operations["exportWorkspace"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a folder */
        get: operations["listFiles"];
        put?: never;
        post?: never;
        /**
         * Delete a file or folder
         * @description Folders that are not empty need `recursive=true`.
         */
        delete: operations["deleteFile"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/append": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Append to a file (created when missing)
         * @description Atomic: readers see the file before or after, never half; counted against the quota.
         */
        post: operations["appendFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a file (text, or base64 with encoding=base64) */
        get: operations["readFile"];
        /**
         * Write a file (creates parent folders)
         * @description A stale `ifMatch` is 409 `version_conflict`.
         */
        put: operations["writeFile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/copy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy a file or folder */
        post: operations["copyFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a file, or a folder (the whole workspace without `path`) as .tar.gz (streamed)
         * @description A file comes with its own media type (from its extension); a folder as `application/gzip`, named after it. Without `path` (or with an empty one) the whole workspace is packed, blocked paths and protected files left out as for any folder.
         */
        get: operations["downloadFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/exists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a path exists (and what it is) */
        get: operations["fileExists"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/grep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search file contents
         * @description `pattern` is literal unless `regex=true`; `include`/`exclude` are globs, repeat the parameter for several.
         */
        get: operations["grep"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/mkdir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a folder (and its parents) */
        post: operations["mkdir"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move or rename */
        post: operations["moveFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/stat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Size, times, mode, version and type of a path */
        get: operations["statFile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/files/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload files (multipart, streamed)
         * @description Field `files`, repeatable; each part's filename may contain folders. `dir` is the target folder.
         */
        post: operations["uploadFiles"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's sandbox limits and the ceilings */
        get: operations["getLimits"];
        /**
         * Raise or lower the workspace's sandbox limits (owners)
         * @description memoryMb, cpus, processes for sessions started from now on; above the instance ceiling is 422 LIMIT_EXCEEDED `limit_above_ceiling`.
         */
        put: operations["setLimits"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/path-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List path rules (members) */
        get: operations["listPathRules"];
        put?: never;
        /**
         * Add a path rule (owners)
         * @description `pattern` is a glob (`secrets/**`, `*.pem`); `effect` block hides and refuses, read_only refuses changes, no_exec refuses running files there. They apply to everyone, owners included.
         */
        post: operations["createPathRule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/path-rules/{ruleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a path rule (owners) */
        delete: operations["deletePathRule"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/paths/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Would this path operation be allowed? (nothing is done)
         * @description The path guard's answer for you (role, key scopes, path rules incl. no_exec, protected files, symlinks). A check is not audited; the real operation is.
         */
        post: operations["checkPath"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sandbox sessions */
        get: operations["listSessions"];
        put?: never;
        /** Start a sandbox session */
        post: operations["createSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/shared-folders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shared folders and whether this workspace has them attached */
        get: operations["listWorkspaceSharedFolders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/shared-folders/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Attach a shared folder to a workspace (owners)
         * @description New sandbox sessions mount it at /shared/{name}; `writable` only where the admin allows it.
         */
        put: operations["attachSharedFolder"];
        post?: never;
        /** Detach a shared folder from a workspace (owners) */
        delete: operations["detachSharedFolder"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/snapshots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List snapshots, newest first */
        get: operations["listSnapshots"];
        put?: never;
        /**
         * Snapshot the workspace's files (.tar.gz)
         * @description `keep: true` exempts it from retention; `includeProtected: true` (owners only) also packs .env, .git and keys.
         */
        post: operations["createSnapshot"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/snapshots/{snapshotId}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download a snapshot's .tar.gz (streamed)
         * @description Owners only: a snapshot holds every file, the ones path rules block included. `X-Content-SHA256` carries the archive's checksum.
         */
        get: operations["downloadSnapshot"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a workspace's key-value state (viewers, `read`)
         * @description Limits: 64 KiB per value, 1024 KiB and 1000 keys per workspace.
         */
        get: operations["listState"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/state/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read one state value (viewers, `read`) */
        get: operations["getState"];
        /**
         * Create or replace one state value (editors, `write`)
         * @description `ifVersion` makes it a compare-and-set: 409 `version_conflict` when the key moved on (0: only if it does not exist). Over a limit: 422 LIMIT_EXCEEDED.
         */
        put: operations["setState"];
        post?: never;
        /** Delete one state value (editors, `write`) */
        delete: operations["deleteState"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Queue a background task
         * @description Runs later in a sandbox of its own, as you, without holding a connection. Poll GET /api/v1/tasks/{id} (or follow it over the socket). Priorities: critical, high, normal, low.
         */
        post: operations["submitTask"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/{id}/unarchive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived workspace */
        post: operations["unarchiveWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a .tar.gz as a new workspace you own (streamed)
         * @description The body is the archive itself. An Atrium export's manifest supplies name, description and metadata; a plain tar.gz needs `name`. Hostile archives (absolute paths, `..`, links out) and archives holding entries Atrium cannot create (devices, FIFOs, GNU sparse files: 422 `archive_special_file` naming each in `details.entries`) and archives over a new workspace's quota are refused with nothing created.
         */
        post: operations["importWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/register-host-dir": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register an existing host directory as a workspace (instance admins, `admin` scope)
         * @description `path` is absolute on the server. Atrium adopts the tree (ownership for the sandbox) and never deletes it unasked.
         */
        post: operations["registerHostDir"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/workspaces/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The workspace keyed by {scope, key}, created on first use
         * @description `scope` is session, user, agent or shared; `key` (the session_key) names e.g. `agent-42:user-7`. The same (scope, key) is the same workspace every time, also under concurrent calls. `session`, `user` and `agent` are your own; `shared` also finds one another owner keyed so and shared with you.
         */
        post: operations["resolveWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        __schema1: string | number | boolean | null | components["schemas"]["__schema1"][] | {
            [key: string]: components["schemas"]["__schema1"];
        };
        __schema2: string | number | boolean | null | components["schemas"]["__schema2"][] | {
            [key: string]: components["schemas"]["__schema2"];
        };
        CommandPolicy: {
            allowedBinaries?: string[];
            blockedPatterns?: string[];
        };
        CommandPolicyView: {
            /** @description A stored policy that no longer parses: every command is refused until an owner sets a valid one. */
            invalid: boolean;
            policy: components["schemas"]["CommandPolicy"] | null;
            presets: {
                name: string;
                policy: components["schemas"]["CommandPolicy"];
            }[];
            /** @description What `strict` sessions allow when the policy has no allowlist. */
            strictDefaultAllowlist: string[];
        };
        Error: {
            error: {
                /**
                 * @description Stable code; `reason` says more.
                 * @enum {string}
                 */
                code: "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "PATH_DENIED" | "CONFLICT" | "QUOTA_EXCEEDED" | "LIMIT_EXCEEDED" | "RATE_LIMITED" | "INVALID_INPUT" | "PAYLOAD_TOO_LARGE" | "UNAVAILABLE" | "INTERNAL";
                /** @description For 400: `fieldErrors` (dotted field paths → messages) and `formErrors`. */
                details?: {
                    [key: string]: unknown;
                };
                /** @description What happened and what to do next. */
                message: string;
                /** @description A stable detail, e.g. missing_scope, version_conflict. */
                reason?: string;
                retryAfterSeconds?: number;
            };
        };
        ExecResult: {
            durationMs: number;
            exitCode: number;
            oomKilled: boolean;
            sessionId: string;
            stderr: string;
            stdout: string;
            timedOut: boolean;
            truncated: boolean;
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded" | "down";
            time: string;
            version: string;
            /** @description Free space where workspaces live. */
            volume: {
                freeBytes: number;
                totalBytes: number;
            } | {
                error: string;
            };
            /** @description The answering process's task workers (empty when it runs none). */
            workers: {
                activeTasks: number;
                concurrency: number;
                id: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        /** @description Any JSON value. */
        JsonValue: unknown;
        LimitCeilings: {
            cpus: number;
            memoryMb: number;
            processes: number;
        };
        PathCheck: {
            allowed: boolean;
            message: string | null;
            /** @enum {string} */
            permission: "read" | "write" | "execute" | "delete";
            /** @description Why not: the reason the real operation would fail with (blocked_path, read_only, critical_file, permission_denied, missing_scope…). */
            reason: string | null;
            /** @description The workspace-relative path the operation would touch (symlinks inside resolved). */
            resolved: string | null;
        };
        PathRule: {
            /** @description ISO 8601 timestamp */
            createdAt: string;
            createdBy: {
                id: string;
                name: string;
            } | null;
            /** @enum {string} */
            effect: "block" | "read_only" | "no_exec";
            id: string;
            pattern: string;
        };
        Session: {
            /**
             * @description What the session's processes may do to /workspace (rw, ro: read-only mount, cow: an overlay discarded with the session).
             * @enum {string}
             */
            access: "rw" | "ro" | "cow";
            /** @description ISO 8601 timestamp */
            createdAt: string;
            driver: string;
            ephemeral: boolean;
            id: string;
            image: string;
            isolated: boolean;
            /** @description ISO 8601 timestamp */
            lastActiveAt: string;
            limits: {
                [key: string]: unknown;
            };
            preset: string;
            startedAt: string | null;
            /** @enum {string} */
            status: "STARTING" | "RUNNING" | "STOPPED" | "FAILED";
            stoppedAt: string | null;
            stopReason: string | null;
            userId: string;
            workspaceId: string;
        };
        SharedFolder: {
            allowWrite: boolean;
            /** @description Workspaces it is attached to */
            attachedTo: number;
            /** @description ISO 8601 */
            createdAt: string;
            description: string;
            hostPath: string;
            id: string;
            name: string;
        };
        Snapshot: {
            /** @description ISO 8601 timestamp */
            createdAt: string;
            createdById: string | null;
            fileCount: number;
            id: string;
            /** @description Holds protected files (.env, .git, keys…); only owners may download it. */
            includesProtected: boolean;
            /** @description Exempt from retention. */
            keep: boolean;
            /** @enum {string} */
            kind: "MANUAL" | "AUTO" | "PRE_RESTORE" | "ARCHIVE";
            label: string;
            sha256: string;
            /** @description Bytes (a JSON number: exact up to 2^53) */
            sizeBytes: number;
            workspaceId: string;
        };
        StartedSession: {
            /**
             * @description What the session's processes may do to /workspace (rw, ro: read-only mount, cow: an overlay discarded with the session).
             * @enum {string}
             */
            access: "rw" | "ro" | "cow";
            /** @description ISO 8601 timestamp */
            createdAt: string;
            driver: string;
            ephemeral: boolean;
            id: string;
            image: string;
            isolated: boolean;
            /** @description ISO 8601 timestamp */
            lastActiveAt: string;
            limits: {
                [key: string]: unknown;
            };
            preset: string;
            startedAt: string | null;
            /** @enum {string} */
            status: "STARTING" | "RUNNING" | "STOPPED" | "FAILED";
            stoppedAt: string | null;
            stopReason: string | null;
            userId: string;
            /** @description True when this call created the workspace (a name used the first time, or an ephemeral one). */
            workspaceCreated: boolean;
            workspaceId: string;
        };
        StateEntry: {
            key: string;
            sizeBytes: number;
            /** @description ISO 8601 timestamp */
            updatedAt: string;
            updatedById: string;
            value: components["schemas"]["__schema2"];
            /** @description Send back as `ifVersion` to change it only if nobody did since. */
            version: number;
        };
        Task: {
            apiKeyId: string | null;
            /** @description 1 for the first run; 0 while it has never started. */
            attempt: number;
            command: string | string[];
            /** @description ISO 8601 timestamp */
            createdAt: string;
            /** @description Names of the environment variables it was given (values are not returned). */
            envNames: string[];
            exitCode: number | null;
            /** @description `exit_code`, `timeout`, `worker_lost`, `oom_killed`, `cancelled_by:<user>`, `start_failed: …`, … */
            failureReason: string | null;
            finishedAt: string | null;
            id: string;
            maxRetries: number;
            preset: string;
            /** @enum {string} */
            priority: "critical" | "high" | "normal" | "low";
            startedAt: string | null;
            /** @enum {string} */
            status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "TIMED_OUT" | "CANCELLED";
            /** @description Bytes (a JSON number: exact up to 2^53) */
            stderrBytes: number;
            /** @description Every byte written to stdout (the tail keeps the last 1 MiB). */
            stdoutBytes: number;
            submittedBy: {
                email: string;
                id: string;
                name: string;
            };
            timeoutMs: number;
            workerId: string | null;
            workspaceId: string;
        };
        TaskDetail: {
            apiKeyId: string | null;
            /** @description 1 for the first run; 0 while it has never started. */
            attempt: number;
            command: string | string[];
            /** @description ISO 8601 timestamp */
            createdAt: string;
            /** @description Names of the environment variables it was given (values are not returned). */
            envNames: string[];
            exitCode: number | null;
            /** @description `exit_code`, `timeout`, `worker_lost`, `oom_killed`, `cancelled_by:<user>`, `start_failed: …`, … */
            failureReason: string | null;
            finishedAt: string | null;
            id: string;
            maxRetries: number;
            preset: string;
            /** @enum {string} */
            priority: "critical" | "high" | "normal" | "low";
            startedAt: string | null;
            /** @enum {string} */
            status: "QUEUED" | "RUNNING" | "COMPLETED" | "FAILED" | "TIMED_OUT" | "CANCELLED";
            /** @description Bytes (a JSON number: exact up to 2^53) */
            stderrBytes: number;
            /** @description The last ≤ 1 MiB of stderr. */
            stderrTail: string;
            /** @description Every byte written to stdout (the tail keeps the last 1 MiB). */
            stdoutBytes: number;
            /** @description The last ≤ 1 MiB of stdout. */
            stdoutTail: string;
            submittedBy: {
                email: string;
                id: string;
                name: string;
            };
            timeoutMs: number;
            workerId: string | null;
            workspaceId: string;
        };
        WorkerHealth: {
            queued: number;
            running: {
                lastHeartbeatAt: string | null;
                tasks: number;
                workerId: string;
            }[];
            time: string;
            volume: {
                freeBytes: number;
                totalBytes: number;
            } | {
                error: string;
            };
            workers: {
                activeTasks: number;
                concurrency: number;
                id: string;
                lastTickAt: string | null;
                startedAt: string | null;
                stopping: boolean;
            }[];
        };
        Workspace: {
            archive: {
                /** @description Bytes (a JSON number: exact up to 2^53) */
                bytes: number;
                path: string;
                sha256: string;
            } | null;
            archivedAt: string | null;
            /** @description ISO 8601 timestamp */
            createdAt: string;
            description: string;
            /** @description Made for one session (POST /sessions without workspace_id) and deleted with it. */
            ephemeral: boolean;
            id: string;
            /** @description The {scope, key} it was resolved by (POST /workspaces/resolve), else null. */
            keyedBy: {
                key: string;
                /** @enum {string} */
                scope: "session" | "user" | "agent" | "shared";
            } | null;
            /** @description ISO 8601 timestamp */
            lastAccessedAt: string;
            memberCount: number;
            metadata: {
                [key: string]: unknown;
            };
            name: string;
            ownerId: string;
            pathRuleCount: number;
            /** @description Bytes (a JSON number: exact up to 2^53) */
            quotaBytes: number;
            registered: boolean;
            role: ("owner" | "editor" | "viewer") | null;
            rootPath: string;
            /** @description Sandbox sessions starting or running now */
            runningSessionCount: number;
            slug: string;
            /** @enum {string} */
            status: "ACTIVE" | "ARCHIVED";
            /** @description ISO 8601 timestamp */
            updatedAt: string;
            /** @description Bytes (a JSON number: exact up to 2^53) */
            usageBytes: number;
        };
        WorkspaceLimits: {
            ceilings: components["schemas"]["LimitCeilings"];
            limits: {
                cpus?: number;
                memoryMb?: number;
                processes?: number;
            };
            presets: {
                cpus: number;
                memoryMb: number;
                name: string;
                processes: number;
            }[];
        };
        WorkspaceSharedFolder: {
            /** @description Whether it may be attached read-write */
            allowWrite: boolean;
            attached: boolean;
            description: string;
            id: string;
            /** @description Where sandboxes see it, /shared/<name>; the files API shows it read-only under shared/<name> */
            mountPath: string;
            name: string;
            /** @description Attached read-write (sandbox writes in rw sessions only) */
            writable: boolean;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Up (status ok or degraded) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Down: the database does not answer (the same report, status down) */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getWorkspaceByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A workspace name you chose, e.g. `user123-project` (letters, digits, . _ -; unique among your active workspaces, case-insensitive). */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    writeFileByName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A workspace name you chose, e.g. `user123-project` (letters, digits, . _ -; unique among your active workspaces, case-insensitive). */
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content: string;
                    /** @default true */
                    createParents?: boolean;
                    /**
                     * @default utf8
                     * @enum {string}
                     */
                    encoding?: "utf8" | "base64";
                    ifMatch?: string;
                    /** @default true */
                    overwrite?: boolean;
                    path: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        /** @description ISO 8601 timestamp */
                        modifiedAt: string;
                        path: string;
                        size: number;
                        version: string;
                        workspaceCreated: boolean;
                        workspaceId: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": Record<string, never>;
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCeilings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LimitCeilings"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setCeilings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    cpus?: number;
                    memoryMb?: number;
                    processes?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LimitCeilings"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    workerHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkerHealth"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description What the session's processes may do to /workspace: rw (read and write), ro (mounted read-only), cow (copy-on-write: writes land in an overlay discarded when the session stops, unless kept as a snapshot first).
                     * @default rw
                     * @enum {string}
                     */
                    access?: "rw" | "ro" | "cow";
                    image?: string;
                    preset?: string;
                    /** @description A workspace id, or the name of one of your workspaces (created on first use). Omitted: an ephemeral workspace, deleted with the session. */
                    workspace_id?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartedSession"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    snapshotSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The session id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description What this snapshot is, e.g. "experiment that worked". */
                    label?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSharedFolders: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["SharedFolder"][];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    defineSharedFolder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Whether owners may attach it read-write (sandbox writes; the files API stays read-only).
                     * @default false
                     */
                    allowWrite?: boolean;
                    /** @default  */
                    description?: string;
                    /** @description Absolute path of an existing host directory (no symbolic links on the way, outside the data dir and every workspace). */
                    hostPath: string;
                    /** @description The folder's name: sandboxes see it at /shared/<name>. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedFolder"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteSharedFolder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shared folder id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSharedFolder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shared folder id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    allowWrite?: boolean;
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SharedFolder"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The snapshot id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description The id of this operation in `snapshot:progress` events. */
                        operationId: string;
                        /** @description Taken automatically just before the restore: restore it to undo. */
                        preRestore: components["schemas"]["Snapshot"];
                        restored: components["schemas"]["Snapshot"];
                        /** @description Running sandbox sessions that got a fresh container over the restored files (their open shells ended). */
                        sessionsRestarted: string[];
                        /** @description Bytes (a JSON number: exact up to 2^53) */
                        usageBytes: number;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    restoreSnapshotAsNew: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The snapshot id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                    /** @description Optional: your own id for this operation, echoed in every snapshot:progress event. */
                    operationId?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        operationId: string;
                        restored: components["schemas"]["Snapshot"];
                        /** @description The new workspace, owned by the caller. */
                        workspace: components["schemas"]["Workspace"];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaskDetail"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    cancelTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The task id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaces: {
        parameters: {
            query?: {
                archived?: boolean;
                cursor?: string;
                limit?: number;
                name?: string;
                q?: string;
                scope?: "member" | "mine" | "shared" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Workspace"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    metadata?: {
                        [key: string]: components["schemas"]["JsonValue"];
                    };
                    name: string;
                    /**
                     * @default empty
                     * @enum {string}
                     */
                    template?: "empty" | "node" | "python";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: {
                deleteFiles?: boolean;
                force?: boolean;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archivePath: string | null;
                        /** @constant */
                        deleted: true;
                        filesKept: boolean;
                        path: string;
                        warning?: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    description?: string;
                    metadata?: {
                        [key: string]: components["schemas"]["JsonValue"];
                    };
                    metadataMerge?: {
                        [key: string]: components["schemas"]["JsonValue"];
                    };
                    name?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    archiveWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getCommandPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandPolicyView"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setCommandPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    policy?: {
                        allowedBinaries?: string[];
                        blockedPatterns?: string[];
                    } | null;
                    /** @enum {string} */
                    preset?: "worker" | "open";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CommandPolicyView"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    workspaceEvents: {
        parameters: {
            query?: {
                /** @description Comma-separated: files, tasks, snapshots, sessions. All when absent. */
                kinds?: string;
                /** @description Resume after this id, for clients that cannot set the Last-Event-ID header. */
                lastEventId?: string;
                /** @description Comma-separated globs (picomatch, up to 20): only file changes whose path matches one. */
                paths?: string;
            };
            header?: {
                /** @description Resume after this id (EventSource sends it on reconnect). */
                "Last-Event-ID"?: string;
            };
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event stream: `id:`, `event:` and one `data:` line of JSON per event. */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example id: 3f2a9c1e.42
                     *     event: files:changed
                     *     data: {"workspaceId":"…","changes":[{"path":"src/app.ts","kind":"modified","isDirectory":false}],"overflow":false}
                     */
                    "text/event-stream": string;
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exec: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    command: string | string[];
                    cwd?: string;
                    env?: {
                        [key: string]: string;
                    };
                    preset?: string;
                    sessionId?: string;
                    stdin?: string;
                    /** @description Milliseconds before the command is killed (default 60000, at most 1800000). */
                    timeoutMs?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecResult"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    executeCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                    preset?: string;
                    /** @enum {string} */
                    runtime: "bash" | "python" | "node";
                    sessionId?: string;
                    /** @description Milliseconds before the command is killed (default 60000, at most 1800000). */
                    timeoutMs?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExecResult"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportWorkspace: {
        parameters: {
            query?: {
                /** @description Your id for the progress events. */
                operationId?: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archive, as an attachment */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description The id of this export in `snapshot:progress` events. */
                    "X-Atrium-Operation-Id"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listFiles: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                path?: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        entries: {
                            locked?: {
                                reason: string;
                            };
                            /** @description ISO 8601 timestamp */
                            modifiedAt: string;
                            name: string;
                            path: string;
                            readOnly: boolean;
                            size: number;
                            target?: string;
                            /** @enum {string} */
                            type: "file" | "directory" | "symlink" | "other";
                        }[];
                        incomplete: boolean;
                        nextCursor: string | null;
                        path: string;
                        total: number;
                        truncated: boolean;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteFile: {
        parameters: {
            query: {
                path: string;
                recursive?: boolean;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        path: string;
                        /** @enum {string} */
                        type: "file" | "directory" | "symlink" | "other";
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    appendFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content: string;
                    /** @default true */
                    createParents?: boolean;
                    /**
                     * @default utf8
                     * @enum {string}
                     */
                    encoding?: "utf8" | "base64";
                    path: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        /** @description ISO 8601 timestamp */
                        modifiedAt: string;
                        path: string;
                        size: number;
                        version: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    readFile: {
        parameters: {
            query: {
                encoding?: "auto" | "utf8" | "base64";
                path: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        binary: boolean;
                        content: string;
                        /** @enum {string} */
                        encoding: "utf8" | "base64";
                        language: string;
                        mimeType: string;
                        /** @description ISO 8601 timestamp */
                        modifiedAt: string;
                        name: string;
                        path: string;
                        size: number;
                        /** @description Send back as `ifMatch` to write only if nobody changed the file since. */
                        version: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    writeFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    content: string;
                    /** @default true */
                    createParents?: boolean;
                    /**
                     * @default utf8
                     * @enum {string}
                     */
                    encoding?: "utf8" | "base64";
                    ifMatch?: string;
                    /** @default true */
                    overwrite?: boolean;
                    path: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        /** @description ISO 8601 timestamp */
                        modifiedAt: string;
                        path: string;
                        size: number;
                        version: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    copyFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    from: string;
                    /** @default false */
                    overwrite?: boolean;
                    to: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        from: string;
                        /** @description Where the entry is now (= to). */
                        path: string;
                        to: string;
                        /** @enum {string} */
                        type: "file" | "directory" | "symlink" | "other";
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadFile: {
        parameters: {
            query?: {
                /** @description A file or folder; default the workspace root. */
                path?: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The bytes, as an attachment */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                    "application/gzip": string;
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    fileExists: {
        parameters: {
            query: {
                path: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        exists: boolean;
                        path: string;
                        type: ("file" | "directory" | "symlink" | "other") | null;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    grep: {
        parameters: {
            query: {
                caseSensitive?: boolean;
                exclude?: string[];
                include?: string[];
                maxResults?: number;
                path?: string;
                pattern: string;
                regex?: boolean;
                wholeWord?: boolean;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytesScanned: number;
                        filesScanned: number;
                        matches: {
                            column: number;
                            content: string;
                            file: string;
                            line: number;
                        }[];
                        skippedBinaryFiles: number;
                        skippedLargeFiles: number;
                        total: number;
                        truncated: boolean;
                        truncatedReason: string | null;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    mkdir: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    path: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        path: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    moveFile: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    from: string;
                    /** @default false */
                    overwrite?: boolean;
                    to: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        bytes: number;
                        from: string;
                        /** @description Where the entry is now (= to). */
                        path: string;
                        to: string;
                        /** @enum {string} */
                        type: "file" | "directory" | "symlink" | "other";
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    statFile: {
        parameters: {
            query: {
                path: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ISO 8601 timestamp */
                        createdAt: string;
                        language: string;
                        locked?: {
                            reason: string;
                        };
                        mimeType: string;
                        /** @description Permission bits, e.g. "0644". */
                        mode: string;
                        /** @description ISO 8601 timestamp */
                        modifiedAt: string;
                        name: string;
                        path: string;
                        readOnly: boolean;
                        size: number;
                        target?: string;
                        /** @enum {string} */
                        type: "file" | "directory" | "symlink" | "other";
                        /** @description Send back as `ifMatch` when writing; null for folders and links. */
                        version: string | null;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    uploadFiles: {
        parameters: {
            query?: {
                /** @description Target folder, default the workspace root. */
                dir?: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": {
                    files: string[];
                };
            };
        };
        responses: {
            /** @description Uploaded */
            201: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        uploaded: {
                            path: string;
                            size: number;
                            version: string;
                        }[];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceLimits"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setLimits: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    limits: {
                        cpus?: number;
                        memoryMb?: number;
                        processes?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceLimits"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listPathRules: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PathRule"][];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createPathRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    effect: "block" | "read_only" | "no_exec";
                    pattern: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathRule"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deletePathRule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                ruleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        id: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    checkPath: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Path relative to the workspace root, e.g. "src/app.py". */
                    path: string;
                    /**
                     * @description The operation to ask about.
                     * @enum {string}
                     */
                    permission: "read" | "write" | "execute" | "delete";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PathCheck"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSessions: {
        parameters: {
            query?: {
                includeStopped?: boolean;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Session"][];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description What the session's processes may do to /workspace: rw (read and write), ro (mounted read-only), cow (copy-on-write: writes land in an overlay discarded when the session stops, unless kept as a snapshot first).
                     * @default rw
                     * @enum {string}
                     */
                    access?: "rw" | "ro" | "cow";
                    /** @default false */
                    ephemeral?: boolean;
                    image?: string;
                    overrides?: {
                        cpus?: number;
                        cpuSeconds?: number;
                        maxFileMb?: number;
                        memoryMb?: number;
                        network?: boolean;
                        openFiles?: number;
                        processes?: number;
                        shell?: boolean;
                    };
                    preset?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWorkspaceSharedFolders: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["WorkspaceSharedFolder"][];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    attachSharedFolder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description The folder's name: sandboxes see it at /shared/<name>. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description Mount it read-write in rw sessions (only where the admin allows it).
                     * @default false
                     */
                    writable?: boolean;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceSharedFolder"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    detachSharedFolder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description The folder's name: sandboxes see it at /shared/<name>. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        detached: boolean;
                        name: string;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listSnapshots: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Snapshot"][];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default false */
                    includeProtected?: boolean;
                    /** @default false */
                    keep?: boolean;
                    /** @default  */
                    label?: string;
                    /** @description Optional: your own id for this operation, echoed in every snapshot:progress event. */
                    operationId?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Snapshot"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    downloadSnapshot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description The snapshot id. */
                snapshotId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archive, as an attachment */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description The archive's SHA-256, hex. */
                    "X-Content-SHA256"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/gzip": string;
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listState: {
        parameters: {
            query?: {
                prefix?: string;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["StateEntry"][];
                        totalBytes: number;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description A state key: letters, digits, . _ : - (at most 128 characters). */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StateEntry"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description A state key: letters, digits, . _ : - (at most 128 characters). */
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description Compare-and-set: write only if the key is at this version (0: only if it does not exist yet). */
                    ifVersion?: number;
                    /** @description Any JSON value. */
                    value: components["schemas"]["__schema1"];
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        created: boolean;
                        key: string;
                        sizeBytes: number;
                        /** @description ISO 8601 timestamp */
                        updatedAt: string;
                        updatedById: string;
                        value: components["schemas"]["__schema2"];
                        /** @description Send back as `ifVersion` to change it only if nobody did since. */
                        version: number;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteState: {
        parameters: {
            query?: {
                ifVersion?: number;
            };
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
                /** @description A state key: letters, digits, . _ : - (at most 128 characters). */
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        deleted: true;
                        key: string;
                        version: number;
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    submitTask: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description A shell string (run with sh -c) or an argv array. */
                    command: string | string[];
                    env?: {
                        [key: string]: string;
                    };
                    /**
                     * @description Run again this many times after a failure (non-zero exit or a lost worker).
                     * @default 0
                     */
                    maxRetries?: number;
                    /** @description Sandbox preset (default: the workspace's). */
                    preset?: string;
                    /**
                     * @description critical runs before high, high before normal, normal before low.
                     * @default normal
                     * @enum {string}
                     */
                    priority?: "critical" | "high" | "normal" | "low";
                    /**
                     * @description The process tree is killed after this long (status TIMED_OUT).
                     * @default 600000
                     */
                    timeoutMs?: number;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Task"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    unarchiveWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The workspace id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    targetPath?: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    importWorkspace: {
        parameters: {
            query?: {
                description?: string;
                /** @description Required without a manifest; overrides the manifest's name. */
                name?: string;
                /** @description Your id for the progress events. */
                operationId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/gzip": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Imported */
            201: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archiveBytes: number;
                        /** @description Entries that could not be created where they stood (e.g. a hard link to a file not in the archive), each with why; at most 200 listed. */
                        dropped: {
                            path: string;
                            why: string;
                        }[];
                        droppedCount: number;
                        files: number;
                        manifest: boolean;
                        operationId: string;
                        sha256: string;
                        workspace: {
                            id: string;
                            name: string;
                            slug: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    registerHostDir: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default  */
                    description?: string;
                    metadata?: {
                        [key: string]: components["schemas"]["JsonValue"];
                    };
                    name?: string;
                    path: string;
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resolveWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description Create it when none exists (needs the `write` scope and a key not pinned to workspaces).
                     * @default false
                     */
                    create?: boolean;
                    description?: string;
                    /** @description The session_key: e.g. `agent-42:user-7`. Printable ASCII, no spaces, at most 200 characters. */
                    key: string;
                    metadata?: {
                        [key: string]: components["schemas"]["JsonValue"];
                    };
                    /**
                     * @description session | user | agent | shared: what the key identifies.
                     * @enum {string}
                     */
                    scope: "session" | "user" | "agent" | "shared";
                };
            };
        };
        responses: {
            /** @description Successful response */
            200: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description True when this call created it. */
                        created: boolean;
                        workspace: components["schemas"]["Workspace"];
                    };
                };
            };
            /** @description Malformed request: invalid JSON, a field of the wrong type or out of range (see error.details.fieldErrors) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing, unknown, expired or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The key lacks a scope, the role is too low, or a path rule protects the path */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such workspace, file, session, snapshot or task (or no access to it) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Conflict with the current state (e.g. a stale ifMatch, an archived workspace) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The body is too large, or the result would pass the workspace's quota */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A body that is not JSON: send `Content-Type: application/json` (or no body where the body is optional) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Understood but refused: a limit or a value the service does not accept */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Rate limited, or too much work in flight; see Retry-After */
            429: {
                headers: {
                    /** @description Requests per minute this key may make (on every door together). */
                    "RateLimit-Limit"?: number;
                    /** @description Requests it may make right now. */
                    "RateLimit-Remaining"?: number;
                    /** @description Seconds until the full budget is back. */
                    "RateLimit-Reset"?: number;
                    /** @description Seconds to wait before trying again. */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The request line or headers are too long (the query string included) */
            431: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Server error */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description A dependency (database, Docker) is unavailable; try again shortly */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
}
