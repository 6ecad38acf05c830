import Foundation

/// The PostgreSQL schema: the SQLite tables with the same names and meaning, plus what several gateways need.
///
/// Enforced by the database, for every client and not only labelgate:
/// - append-only tables (`audit_log`, `custody_events`, `record_revisions`) refuse UPDATE, DELETE and TRUNCATE
///   (triggers, for every role including the owner), and the app role is never granted those privileges;
/// - `audit_log` accepts a row only if it extends the chain: its sequence follows the previous row's, its
///   `prev_hash` is that row's hash and its `hash` is the SHA-256 of its own content (the same encoding as
///   `AuditChain.hash`), so no client can insert a gap, a fork or a row whose hash lies;
/// - label identity columns and a record's COI and salt are immutable; nothing is ever deleted;
/// - every audit commit sends one NOTIFY on `labelgate_events_<schema>` with the newest sequence.
enum PostgresSchema {
    /// The schema version this code writes.
    static var version: Int { steps.count }

    /// The migration steps: step `n` (from 0) brings the schema to version `n + 1`.
    static let steps = [v1, v2Print, v3AuditIndex, v4PrintFence]

    /// DDL creating version 1 in the current schema (the connection's `search_path`).
    static let v1 = """
        CREATE TABLE labelgate_schema (
            version integer PRIMARY KEY,
            applied_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE records (
            coi text PRIMARY KEY,
            id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            product_code text NOT NULL,
            collection_facility text NOT NULL,
            collection_date text NOT NULL,
            gtin text,
            family_name text NOT NULL,
            given_name text NOT NULL,
            date_of_birth text NOT NULL,
            medical_record_number text,
            salt text NOT NULL,
            revision integer NOT NULL,
            created_at text NOT NULL,
            updated_at text NOT NULL
        );
        CREATE TABLE record_dins (
            din text PRIMARY KEY,
            coi text NOT NULL REFERENCES records(coi),
            position integer NOT NULL
        );
        CREATE INDEX record_dins_coi ON record_dins(coi, position);
        CREATE TABLE record_revisions (
            coi text NOT NULL REFERENCES records(coi),
            revision integer NOT NULL,
            snapshot text NOT NULL,
            replaced_at text NOT NULL,
            replaced_by text NOT NULL,
            reason text NOT NULL,
            PRIMARY KEY (coi, revision)
        );
        CREATE SEQUENCE label_serials AS bigint MINVALUE 1 MAXVALUE 9999999999 NO CYCLE;
        CREATE TABLE labels (
            serial bigint PRIMARY KEY DEFAULT nextval('label_serials') CHECK (serial BETWEEN 1 AND 9999999999),
            coi text NOT NULL REFERENCES records(coi),
            din text NOT NULL REFERENCES record_dins(din),
            flags text NOT NULL,
            state text NOT NULL,
            hash_version integer NOT NULL,
            template text,
            batch text,
            reprint_of bigint REFERENCES labels(serial),
            created_at text NOT NULL,
            updated_at text NOT NULL
        );
        ALTER SEQUENCE label_serials OWNED BY labels.serial;
        CREATE INDEX labels_coi ON labels(coi);
        CREATE INDEX labels_batch ON labels(batch) WHERE batch IS NOT NULL;
        CREATE TABLE custody_events (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            coi text NOT NULL,
            serial text,
            station text NOT NULL,
            kind text NOT NULL,
            actor text NOT NULL,
            at text NOT NULL
        );
        CREATE INDEX custody_events_coi ON custody_events(coi);
        CREATE TABLE audit_log (
            seq bigint PRIMARY KEY CHECK (seq > 0),
            at text NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            subject text,
            reason text,
            details text NOT NULL,
            prev_hash bytea NOT NULL CHECK (length(prev_hash) = 32),
            hash bytea NOT NULL CHECK (length(hash) = 32)
        );

        CREATE FUNCTION labelgate_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'labelgate: %', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
        END $$;

        CREATE FUNCTION labelgate_audit_field(value text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT CASE WHEN value IS NULL THEN '\\xffffffff'::bytea
                ELSE int4send(octet_length(convert_to(value, 'UTF8'))) || convert_to(value, 'UTF8') END
        $$;

        CREATE FUNCTION labelgate_audit_extends_chain() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
        DECLARE
            previous bytea;
        BEGIN
            IF NEW.seq = 1 THEN
                previous := decode(repeat('00', 32), 'hex');
            ELSE
                SELECT hash INTO previous FROM audit_log WHERE seq = NEW.seq - 1;
            END IF;
            IF previous IS NULL OR NEW.prev_hash IS DISTINCT FROM previous THEN
                RAISE EXCEPTION 'labelgate: audit row % does not extend the chain', NEW.seq
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF NEW.hash IS DISTINCT FROM sha256(
                convert_to('labelgate.audit.v1', 'UTF8') || '\\x00'::bytea || int8send(NEW.seq)
                || labelgate_audit_field(NEW.at) || labelgate_audit_field(NEW.actor)
                || labelgate_audit_field(NEW.action) || labelgate_audit_field(NEW.subject)
                || labelgate_audit_field(NEW.reason) || labelgate_audit_field(NEW.details) || NEW.prev_hash)
            THEN
                RAISE EXCEPTION 'labelgate: audit row % does not match its hash', NEW.seq
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;

        CREATE FUNCTION labelgate_audit_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('labelgate_events_' || TG_TABLE_SCHEMA, (SELECT max(seq) FROM new_rows)::text);
            RETURN NULL;
        END $$;

        CREATE TRIGGER audit_log_extends_chain BEFORE INSERT ON audit_log
            FOR EACH ROW EXECUTE FUNCTION labelgate_audit_extends_chain();
        CREATE TRIGGER audit_log_notify AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_audit_notify();
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('the audit trail is append-only');
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('the audit trail is append-only');
        CREATE TRIGGER custody_no_change BEFORE UPDATE OR DELETE ON custody_events
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('custody events are append-only');
        CREATE TRIGGER custody_no_truncate BEFORE TRUNCATE ON custody_events
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('custody events are append-only');
        CREATE TRIGGER revisions_no_change BEFORE UPDATE OR DELETE ON record_revisions
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('record revisions are append-only');
        CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON record_revisions
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('record revisions are append-only');
        CREATE TRIGGER records_no_delete BEFORE DELETE ON records
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('records are never deleted');
        CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('records are never deleted');
        CREATE TRIGGER records_key_immutable BEFORE UPDATE ON records FOR EACH ROW
            WHEN (OLD.coi IS DISTINCT FROM NEW.coi OR OLD.salt IS DISTINCT FROM NEW.salt OR OLD.id IS DISTINCT FROM NEW.id)
            EXECUTE FUNCTION labelgate_refuse('a record keeps its COI and salt');
        CREATE TRIGGER record_dins_no_change BEFORE UPDATE OR DELETE ON record_dins
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('a DIN belongs to its record for good');
        CREATE TRIGGER record_dins_no_truncate BEFORE TRUNCATE ON record_dins
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('a DIN belongs to its record for good');
        CREATE TRIGGER labels_no_delete BEFORE DELETE ON labels
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('label serials are never deleted');
        CREATE TRIGGER labels_no_truncate BEFORE TRUNCATE ON labels
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('label serials are never deleted');
        CREATE TRIGGER labels_identity_immutable BEFORE UPDATE ON labels FOR EACH ROW
            WHEN (OLD.serial IS DISTINCT FROM NEW.serial OR OLD.coi IS DISTINCT FROM NEW.coi
                OR OLD.din IS DISTINCT FROM NEW.din OR OLD.flags IS DISTINCT FROM NEW.flags
                OR OLD.hash_version IS DISTINCT FROM NEW.hash_version OR OLD.reprint_of IS DISTINCT FROM NEW.reprint_of
                OR OLD.created_at IS DISTINCT FROM NEW.created_at)
            EXECUTE FUNCTION labelgate_refuse('a label keeps its identity');
        """

    /// Grants for the application role: read and insert everywhere, update only what may change (a record's
    /// amendable fields, a label's state), never DELETE or TRUNCATE, and nothing at all on the schema's objects'
    /// definitions. `role` must be a safe identifier.
    static func grants(to role: String, schema: String) -> String {
        """
        GRANT USAGE ON SCHEMA \(schema) TO \(role);
        GRANT SELECT, INSERT ON records, record_dins, record_revisions, labels, custody_events, audit_log TO \(role);
        GRANT SELECT ON labelgate_schema TO \(role);
        GRANT UPDATE (product_code, collection_facility, collection_date, gtin, family_name, given_name,
            date_of_birth, medical_record_number, revision, updated_at) ON records TO \(role);
        GRANT UPDATE (state, updated_at) ON labels TO \(role);
        GRANT USAGE ON SEQUENCE label_serials TO \(role);
        """
    }

    /// Splits a script into statements at a `;` that ends a line outside a `$$` function body.
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var inBody = false
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            current += line + "\n"
            if line.components(separatedBy: "$$").count.isMultiple(of: 2) { inBody.toggle() }
            if !inBody, line.hasSuffix(";") {
                statements.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
