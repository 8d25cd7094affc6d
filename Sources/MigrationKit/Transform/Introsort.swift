/// An in-place, unstable sort (quicksort with a median-of-three pivot, insertion sort for short
/// ranges, heapsort when recursion goes too deep): O(n log n) in the worst case and, unlike the
/// standard library's stable sort, no scratch buffer, so ``SortBuffer`` stays inside its budget.
enum Introsort {
    /// Ranges this short are finished by insertion sort.
    private static let insertionThreshold = 16

    /// Sorts `elements` so that no element is `less` than the one before it.
    static func sort<Element>(_ elements: UnsafeMutableBufferPointer<Element>, by less: (Element, Element) -> Bool) {
        guard let base = elements.baseAddress, elements.count > 1 else { return }
        let depthLimit = 2 * (Int.bitWidth - elements.count.leadingZeroBitCount)
        sortRange(base, 0, elements.count, depthLimit, less)
    }

    /// Sorts `p[low..<high]`.
    private static func sortRange<Element>(
        _ p: UnsafeMutablePointer<Element>, _ low: Int, _ high: Int, _ depth: Int, _ less: (Element, Element) -> Bool
    ) {
        var low = low, high = high, depth = depth
        while high - low > insertionThreshold {
            if depth == 0 {
                heapSort(p + low, high - low, less)
                return
            }
            depth -= 1
            // Median of three to the middle, then Hoare's partition around it.
            let middle = low + (high - low) / 2
            if less(p[middle], p[low]) { swapAt(p, middle, low) }
            if less(p[high - 1], p[middle]) {
                swapAt(p, high - 1, middle)
                if less(p[middle], p[low]) { swapAt(p, middle, low) }
            }
            let pivot = p[middle]
            var i = low - 1, j = high
            while true {
                repeat { i += 1 } while less(p[i], pivot)
                repeat { j -= 1 } while less(pivot, p[j])
                if i >= j { break }
                swapAt(p, i, j)
            }
            // p[low...j] ≤ pivot ≤ p[j+1..<high]; recurse into the smaller side, loop on the other.
            if j + 1 - low < high - (j + 1) {
                sortRange(p, low, j + 1, depth, less)
                low = j + 1
            } else {
                sortRange(p, j + 1, high, depth, less)
                high = j + 1
            }
        }
        insertionSort(p, low, high, less)
    }

    private static func insertionSort<Element>(
        _ p: UnsafeMutablePointer<Element>, _ low: Int, _ high: Int, _ less: (Element, Element) -> Bool
    ) {
        guard high - low > 1 else { return }
        for i in (low + 1)..<high {
            let element = p[i]
            var j = i
            while j > low, less(element, p[j - 1]) {
                p[j] = p[j - 1]
                j -= 1
            }
            p[j] = element
        }
    }

    private static func heapSort<Element>(_ p: UnsafeMutablePointer<Element>, _ count: Int, _ less: (Element, Element) -> Bool) {
        for start in stride(from: count / 2 - 1, through: 0, by: -1) {
            siftDown(p, start, count, less)
        }
        for end in stride(from: count - 1, to: 0, by: -1) {
            swapAt(p, 0, end)
            siftDown(p, 0, end, less)
        }
    }

    /// Restores the max-heap property below `root` in `p[0..<count]`.
    private static func siftDown<Element>(
        _ p: UnsafeMutablePointer<Element>, _ root: Int, _ count: Int, _ less: (Element, Element) -> Bool
    ) {
        var root = root
        while true {
            var child = 2 * root + 1
            if child >= count { return }
            if child + 1 < count, less(p[child], p[child + 1]) { child += 1 }
            if !less(p[root], p[child]) { return }
            swapAt(p, root, child)
            root = child
        }
    }

    @inline(__always)
    private static func swapAt<Element>(_ p: UnsafeMutablePointer<Element>, _ i: Int, _ j: Int) {
        let element = p[i]
        p[i] = p[j]
        p[j] = element
    }
}
