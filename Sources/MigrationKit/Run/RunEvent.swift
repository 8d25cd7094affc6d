/// Progress of a whole run, reported as it happens: each phase's own events, tagged.
public enum RunEvent: Sendable {
    /// Both orgs answered: who they are.
    case orgs(source: OrgIdentity, destination: OrgIdentity)
    case export(ExportEvent)
    case transform(TransformEvent)
    case `import`(ImportEvent)
    /// Something the admin should know about the run as a whole.
    case note(String)
}
