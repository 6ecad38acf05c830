/// Schema version 4, as SQLite's `v5-print-fence`: each print job's owner (gateway and incarnation), recorded when
/// its label is issued, so a gateway's restart settles only its own interrupted jobs and never another gateway's on
/// the shared ledger. Rows from before (and the CLI's prints) have no owner. An owner never changes (trigger; the app
/// role has no UPDATE on the two columns either).
extension PostgresSchema {
    static let v4PrintFence = """
        ALTER TABLE print_jobs ADD COLUMN gateway text;
        ALTER TABLE print_jobs ADD COLUMN incarnation text;
        ALTER TABLE print_jobs ADD CONSTRAINT print_jobs_owner_complete
            CHECK ((gateway IS NULL) = (incarnation IS NULL));
        CREATE INDEX print_jobs_owner ON print_jobs (gateway, incarnation) WHERE gateway IS NOT NULL;
        CREATE TRIGGER print_jobs_owner_immutable BEFORE UPDATE ON print_jobs FOR EACH ROW
            WHEN (OLD.gateway IS DISTINCT FROM NEW.gateway OR OLD.incarnation IS DISTINCT FROM NEW.incarnation)
            EXECUTE FUNCTION labelgate_refuse('a print job keeps its owner');
        """
}
