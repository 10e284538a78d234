namespace SegmentIQ.Tests.Infrastructure;

/// <summary>
/// The real services some tests use, started on loopback by <c>tools/test-services.sh</c> (which <c>.ci/run</c> sources):
/// PostgreSQL through <c>SEGMENTIQ_TEST_POSTGRES</c> (an Npgsql connection string) and Redis through
/// <c>SEGMENTIQ_TEST_REDIS</c> (host:port), ClickHouse through <c>SEGMENTIQ_TEST_CLICKHOUSE</c> (its HTTP address with
/// the user and password in it). Never mocks.
/// </summary>
public static class TestServices
{
    /// <summary>The PostgreSQL connection string, or null when the variable is not set.</summary>
    public static string? Postgres => Read("SEGMENTIQ_TEST_POSTGRES");

    /// <summary>The Redis endpoint (host:port), or null when the variable is not set.</summary>
    public static string? Redis => Read("SEGMENTIQ_TEST_REDIS");

    /// <summary>The ClickHouse HTTP address (<c>http://user:password@host:port/</c>), or null when the variable is not set.</summary>
    public static Uri? ClickHouse => Read("SEGMENTIQ_TEST_CLICKHOUSE") is { } value ? new Uri(value) : null;

    /// <summary>True under CI (<c>CI=true</c>), where a service test must never skip.</summary>
    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>The skip reason for a missing service, or null when the test must run (service set, or CI).</summary>
    public static string? SkipReason(string? value, string variable, string service) =>
        value is null && !InCi
            ? $"Needs {service}: run `source tools/test-services.sh start` (sets {variable}); .ci/run starts it."
            : null;

    private static string? Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}

/// <summary>A fact that needs the test PostgreSQL; skipped with the reason only outside CI when it is not started.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() =>
        Skip = TestServices.SkipReason(TestServices.Postgres, "SEGMENTIQ_TEST_POSTGRES", "PostgreSQL on loopback");
}

/// <summary>A fact that needs the test Redis; skipped with the reason only outside CI when it is not started.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute() =>
        Skip = TestServices.SkipReason(TestServices.Redis, "SEGMENTIQ_TEST_REDIS", "Redis on loopback");
}

/// <summary>A fact that needs the test ClickHouse; skipped with the reason only outside CI when it is not started.</summary>
public sealed class ClickHouseFactAttribute : FactAttribute
{
    public ClickHouseFactAttribute() =>
        Skip = TestServices.SkipReason(TestServices.ClickHouse?.ToString(), "SEGMENTIQ_TEST_CLICKHOUSE", "ClickHouse on loopback");
}
