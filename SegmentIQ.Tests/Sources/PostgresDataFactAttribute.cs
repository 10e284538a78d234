using SegmentIQ.Tests.Infrastructure;

namespace SegmentIQ.Tests.Sources;

/// <summary>A fact that needs the test PostgreSQL and the real datasets; skipped (with the reason) only as those two are.</summary>
public sealed class PostgresDataFactAttribute : FactAttribute
{
    public PostgresDataFactAttribute() =>
        Skip = TestServices.SkipReason(TestServices.Postgres, "SEGMENTIQ_TEST_POSTGRES", "PostgreSQL on loopback")
            ?? (SharedData.Available ? null : "Needs the real datasets in ../shared/data beside the project root.");
}
