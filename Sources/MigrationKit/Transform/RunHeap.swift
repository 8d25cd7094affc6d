/// A binary min-heap of run readers ordered by their current records (``SortOrder``), for the
/// k-way merge in ``ExternalSorter``.
struct RunHeap {
    private var readers: [SortRunReader]

    /// A heap of `readers`, each positioned on a record.
    init(readers: [SortRunReader]) {
        self.readers = readers
        for index in stride(from: readers.count / 2 - 1, through: 0, by: -1) {
            siftDown(index)
        }
    }

    /// The reader whose current record comes first; `nil` when every run is done.
    var top: SortRunReader? { readers.first }

    /// Restores the order after the top reader advanced to its next record.
    mutating func topChanged() {
        siftDown(0)
    }

    /// Drops the top reader, whose run has ended.
    mutating func removeTop() {
        let last = readers.removeLast()
        guard !readers.isEmpty else { return }
        readers[0] = last
        siftDown(0)
    }

    private func precedes(_ i: Int, _ j: Int) -> Bool {
        SortOrder.precedes(readers[i].key, readers[i].line, readers[j].key, readers[j].line)
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            var child = 2 * parent + 1
            if child >= readers.count { return }
            if child + 1 < readers.count, precedes(child + 1, child) { child += 1 }
            if !precedes(child, parent) { return }
            readers.swapAt(parent, child)
            parent = child
        }
    }
}
