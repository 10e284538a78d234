using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>A fact that needs the test ClickHouse and the real datasets; skipped (with the reason) only as those two are.</summary>
public sealed class ClickHouseDataFactAttribute : FactAttribute
{
    public ClickHouseDataFactAttribute() =>
        Skip = TestServices.SkipReason(TestServices.ClickHouse?.ToString(), "SEGMENTIQ_TEST_CLICKHOUSE", "ClickHouse on loopback")
            ?? (SharedData.Available ? null : "Needs the real datasets in ../shared/data beside the project root.");
}
