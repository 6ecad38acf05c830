/// Migration `v5-print-fence`: each print job's owner (gateway and incarnation), recorded when its label is issued,
/// so that a restart settles only its own gateway's interrupted jobs. Rows from before the migration (and labels
/// the CLI prints) have no owner: they are "unfenced". An owner, once recorded, never changes (trigger).
extension SQLiteSchema {
    static let v5PrintFence = """
        ALTER TABLE print_jobs ADD COLUMN gateway TEXT;
        ALTER TABLE print_jobs ADD COLUMN incarnation TEXT;
        CREATE INDEX print_jobs_owner ON print_jobs(gateway, incarnation) WHERE gateway IS NOT NULL;
        CREATE TRIGGER print_jobs_owner_complete BEFORE INSERT ON print_jobs
            WHEN (NEW.gateway IS NULL) <> (NEW.incarnation IS NULL)
            BEGIN SELECT RAISE(ABORT, 'labelgate: a print job owner has a gateway and an incarnation'); END;
        CREATE TRIGGER print_jobs_owner_immutable BEFORE UPDATE OF gateway, incarnation ON print_jobs
            WHEN NEW.gateway IS NOT OLD.gateway OR NEW.incarnation IS NOT OLD.incarnation
            BEGIN SELECT RAISE(ABORT, 'labelgate: a print job keeps its owner'); END;
        CREATE TRIGGER print_jobs_no_delete BEFORE DELETE ON print_jobs
            BEGIN SELECT RAISE(ABORT, 'labelgate: print job records are never deleted'); END;
        """
}
