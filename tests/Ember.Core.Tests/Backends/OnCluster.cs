using Ember.Tests.Backends;

// Every test class below runs again on local-cluster[2,1]: same bodies, same assertions, executors in other processes.
namespace Ember.Tests.Approximate
{
    public sealed class CountApproxDistinctTestsOnCluster : CountApproxDistinctTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

}

namespace Ember.Tests.Numeric
{
    public sealed class HistogramTestsOnCluster : HistogramTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class NumericActionTestsOnCluster : NumericActionTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

}

namespace Ember.Tests.Operators
{
    public sealed class SparkGuideExamplesTestsOnCluster : SparkGuideExamplesTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ActionTestsOnCluster : ActionTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class CartesianTestsOnCluster : CartesianTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class GroupByTestsOnCluster : GroupByTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class IntersectionTestsOnCluster : IntersectionTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class IsEmptyTestsOnCluster : IsEmptyTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class KeyByTestsOnCluster : KeyByTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class MaxMinTestsOnCluster : MaxMinTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class NarrowOperatorTestsOnCluster : NarrowOperatorTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class RandomSplitTestsOnCluster : RandomSplitTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class RepartitionTestsOnCluster : RepartitionTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class SortByTestsOnCluster : SortByTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class TakeOrderedTestsOnCluster : TakeOrderedTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class TakeSampleTestsOnCluster : TakeSampleTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ToLocalIteratorTestsOnCluster : ToLocalIteratorTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class TreeAggregateTestsOnCluster : TreeAggregateTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ZipTestsOnCluster : ZipTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ZipWithIndexTestsOnCluster : ZipWithIndexTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

}

namespace Ember.Tests.PairOperators
{
    public sealed class AggregationTestsOnCluster : AggregationTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class CoGroupManyTestsOnCluster : CoGroupManyTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class CollectAsMapTestsOnCluster : CollectAsMapTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class FilterByRangeTestsOnCluster : FilterByRangeTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class JoinTestsOnCluster : JoinTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class LookupTestsOnCluster : LookupTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class PartitioningTestsOnCluster : PartitioningTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class RepartitionAndSortWithinPartitionsTestsOnCluster : RepartitionAndSortWithinPartitionsTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class SampleByKeyTestsOnCluster : SampleByKeyTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class SortByKeyTestsOnCluster : SortByKeyTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ValueOperatorTestsOnCluster : ValueOperatorTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

    public sealed class ZeroValueTestsOnCluster : ZeroValueTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }

}


namespace Ember.Tests.IO
{
    public sealed class TextFileTestsOnCluster : TextFileTests
    {
        protected override TestBackend Backend => TestBackend.LocalCluster;
    }
}
