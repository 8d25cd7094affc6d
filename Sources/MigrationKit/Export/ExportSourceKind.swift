/// Where the export reads interactions.
public enum ExportSourceKind: String, Sendable, CaseIterable {
    /// Interaction export jobs and download URLs (contract §7.1–§7.2), as the emulator serves them.
    case interactionExport = "interaction-export"
    /// Analytics conversation-details jobs converted into v2.1 records (§9): a real org.
    case analytics
}
