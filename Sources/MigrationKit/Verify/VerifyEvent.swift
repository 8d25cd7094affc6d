/// What `verify` tells its caller while it works.
public enum VerifyEvent: Sendable {
    /// The destination's windows are being exported: how many.
    case exporting(windows: Int)
    /// Something the export of the destination's windows says.
    case export(ExportEvent)
    /// A window was compared (or found not checkable).
    case windowChecked(VerifyWindowResult)
}
