import Essentials

/// One entry of the command table: a group that only chooses among its children, or a command.
enum CommandNode {
    /// A group such as `bench`; its spec's `subcommands` are filled in from `children`.
    case group(CommandSpec, children: [CommandNode])
    /// A command that runs.
    case command(any Command.Type)

    /// The word that selects this entry.
    var name: String {
        switch self {
        case .group(let spec, _): spec.name
        case .command(let command): command.spec.name
        }
    }

    /// The spec of this entry with every command below it.
    var spec: CommandSpec {
        switch self {
        case .group(var spec, let children):
            spec.subcommands = children.map(\.spec)
            return spec
        case .command(let command):
            return command.spec
        }
    }

    /// The command reached by following `path` down from this entry, if it leads to one.
    func command(at path: ArraySlice<String>) -> (any Command.Type)? {
        switch self {
        case .command(let command):
            return path.isEmpty ? command : nil
        case .group(_, let children):
            guard let name = path.first, let child = children.first(where: { $0.name == name }) else {
                return nil
            }
            return child.command(at: path.dropFirst())
        }
    }
}
