/// Schema version 2, the print path: where each label was sent (restart recovery) and closed print batches
/// (reconciliation), as in SQLite's `v2-print` migration.
///
/// Enforced by the database:
/// - `print_batches` is append-only (a closed batch stays closed) and a closed batch takes no new label;
/// - a label of a closed batch only moves between accounted states (`applied`, `voided`, `destroyed`);
/// - `print_jobs` rows are updated in place (the printer's job reference arrives later) but never deleted;
/// - closing a batch and adding a label to it serialize on a per-batch transaction advisory lock (exclusive for
///   `closeBatch`, shared in the insert trigger), so a batch never closes while another gateway adds a label to it:
///   either the label commits first and the close counts it, or the close commits first and the insert is refused.
extension PostgresSchema {
    static let v2Print = """
        CREATE TABLE print_jobs (
            serial bigint PRIMARY KEY REFERENCES labels(serial),
            printer text NOT NULL,
            job text,
            updated_at text NOT NULL
        );
        CREATE TABLE print_batches (
            batch text PRIMARY KEY,
            closed_at text NOT NULL,
            closed_by text NOT NULL,
            issued integer NOT NULL,
            applied integer NOT NULL,
            voided integer NOT NULL,
            destroyed integer NOT NULL
        );
        CREATE INDEX labels_state ON labels(state);

        CREATE FUNCTION labelgate_batch_lock(batch text, exclusive boolean) RETURNS void LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
        BEGIN
            IF exclusive THEN
                PERFORM pg_advisory_xact_lock(hashtext('labelgate.batch:' || current_schema()), hashtext(batch));
            ELSE
                PERFORM pg_advisory_xact_lock_shared(hashtext('labelgate.batch:' || current_schema()), hashtext(batch));
            END IF;
        END $$;

        CREATE FUNCTION labelgate_label_batch_open() RETURNS trigger LANGUAGE plpgsql
            SET search_path FROM CURRENT AS $$
        BEGIN
            IF NEW.batch IS NULL THEN
                RETURN NEW;
            END IF;
            IF TG_OP = 'INSERT' THEN
                PERFORM labelgate_batch_lock(NEW.batch, false);
                IF EXISTS (SELECT 1 FROM print_batches WHERE batch = NEW.batch) THEN
                    RAISE EXCEPTION 'labelgate: the print batch is closed'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            ELSIF NEW.state NOT IN ('applied', 'voided', 'destroyed')
                AND EXISTS (SELECT 1 FROM print_batches WHERE batch = NEW.batch) THEN
                RAISE EXCEPTION 'labelgate: a label of a closed batch stays accounted for'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$;

        CREATE TRIGGER labels_closed_batch BEFORE INSERT ON labels
            FOR EACH ROW EXECUTE FUNCTION labelgate_label_batch_open();
        CREATE TRIGGER labels_closed_batch_state BEFORE UPDATE OF state ON labels
            FOR EACH ROW EXECUTE FUNCTION labelgate_label_batch_open();
        CREATE TRIGGER print_batches_no_change BEFORE UPDATE OR DELETE ON print_batches
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('a closed batch stays closed');
        CREATE TRIGGER print_batches_no_truncate BEFORE TRUNCATE ON print_batches
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('a closed batch stays closed');
        CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
            FOR EACH ROW EXECUTE FUNCTION labelgate_refuse('print job records are never deleted');
        CREATE TRIGGER print_jobs_no_truncate BEFORE TRUNCATE ON print_jobs
            FOR EACH STATEMENT EXECUTE FUNCTION labelgate_refuse('print job records are never deleted');
        CREATE TRIGGER print_jobs_serial_immutable BEFORE UPDATE ON print_jobs FOR EACH ROW
            WHEN (OLD.serial IS DISTINCT FROM NEW.serial)
            EXECUTE FUNCTION labelgate_refuse('a print job record keeps its label');
        """

    /// The app role's grants on the print tables: insert and read; of `print_jobs` only the printer, job and time
    /// may change (the upsert); `print_batches` takes no UPDATE, DELETE or TRUNCATE.
    static func printGrants(to role: String) -> String {
        """
        GRANT SELECT, INSERT ON print_jobs, print_batches TO \(role);
        GRANT UPDATE (printer, job, updated_at) ON print_jobs TO \(role);
        """
    }

    /// Version 3: `step.completed` rows indexed apart, so restoring the two-operator state at start reads only them.
    static let v3AuditIndex = """
        CREATE INDEX audit_log_steps_completed ON audit_log (seq) WHERE action = 'step.completed';
        """
}
