import PropertyBased
import SatchelShared
import Testing

struct FractionalIndexTests {
    @Test func keysFallBetweenTheirNeighbours() async {
        // Random sequences of insertions at random places keep the list strictly ordered.
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000).array(of: 1...40)) { places in
            var keys: [String] = []
            for place in places {
                let index = keys.isEmpty ? 0 : place % (keys.count + 1)
                let lower = index > 0 ? keys[index - 1] : nil
                let upper = index < keys.count ? keys[index] : nil
                let key = FractionalIndex.between(lower, upper)
                if let lower { #expect(lower < key) }
                if let upper { #expect(key < upper) }
                #expect(!key.hasSuffix("0"))
                keys.insert(key, at: index)
            }
            #expect(keys == keys.sorted())
        }
    }

    @Test func sequenceIsOrderedAndShort() {
        let keys = FractionalIndex.sequence(count: 50)
        #expect(keys == keys.sorted())
        #expect(Set(keys).count == 50)
        #expect(keys.allSatisfy { $0.count <= 3 })
    }

    @Test func manyInsertsAtTheFrontStayOrdered() {
        var first = FractionalIndex.between(nil, nil)
        for _ in 0..<200 {
            let before = FractionalIndex.between(nil, first)
            #expect(before < first)
            first = before
        }
    }
}

struct SplitMix64Tests {
    @Test func sameSeedSameSequenceOnEveryPlatform() {
        var random = SplitMix64(seed: 0)
        // The reference values of SplitMix64 for seed 0.
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
    }
}
