/// Migration `v2-print`: where labels were sent (restart recovery) and closed print batches (reconciliation).
/// Closed batches are append-only, and a closed batch takes no new label, enforced by triggers.
extension SQLiteSchema {
    static let v2Print = """
        CREATE TABLE print_jobs (
            serial INTEGER PRIMARY KEY NOT NULL REFERENCES labels(serial),
            printer TEXT NOT NULL,
            job TEXT,
            updated_at TEXT NOT NULL
        ) STRICT;
        CREATE TABLE print_batches (
            batch TEXT PRIMARY KEY NOT NULL,
            closed_at TEXT NOT NULL,
            closed_by TEXT NOT NULL,
            issued INTEGER NOT NULL,
            applied INTEGER NOT NULL,
            voided INTEGER NOT NULL,
            destroyed INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX labels_state ON labels(state);
        CREATE TRIGGER print_batches_no_update BEFORE UPDATE ON print_batches
            BEGIN SELECT RAISE(ABORT, 'labelgate: a closed batch stays closed'); END;
        CREATE TRIGGER print_batches_no_delete BEFORE DELETE ON print_batches
            BEGIN SELECT RAISE(ABORT, 'labelgate: a closed batch stays closed'); END;
        CREATE TRIGGER labels_closed_batch BEFORE INSERT ON labels
            WHEN NEW.batch IS NOT NULL AND EXISTS (SELECT 1 FROM print_batches WHERE batch = NEW.batch)
            BEGIN SELECT RAISE(ABORT, 'labelgate: the print batch is closed'); END;
        CREATE TRIGGER labels_closed_batch_state BEFORE UPDATE OF state ON labels
            WHEN NEW.batch IS NOT NULL AND EXISTS (SELECT 1 FROM print_batches WHERE batch = NEW.batch)
                AND NEW.state NOT IN ('applied', 'voided', 'destroyed')
            BEGIN SELECT RAISE(ABORT, 'labelgate: a label of a closed batch stays accounted for'); END;
        """
}
