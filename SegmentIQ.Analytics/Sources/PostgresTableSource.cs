using System.Data.Common;
using Npgsql;

namespace SegmentIQ.Analytics.Sources;

/// <summary>
/// Transaction lines in a PostgreSQL table or view, reached through a named connection from configuration: the
/// cleaning and aggregation run on the server and only one row per customer is streamed back. The connection string
/// stays inside this object; messages name the connection, schema and table only.
/// </summary>
public sealed class PostgresTableSource : SqlTransactionSource
{
    private readonly string _connectionString;
    private readonly string _connectionName;
    private readonly string? _schema;
    private readonly string _table;

    /// <summary>A source over <paramref name="schema"/>.<paramref name="table"/> (schema null: the search path decides).</summary>
    public PostgresTableSource(string connectionName, string connectionString, string? schema, string table, int commandTimeoutSeconds = 300)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegative(commandTimeoutSeconds);
        if (string.IsNullOrWhiteSpace(table))
        {
            throw new SourceException($"{connectionName}: give the table or view that holds the transaction lines.");
        }

        _connectionName = connectionName;
        _connectionString = connectionString;
        _schema = string.IsNullOrWhiteSpace(schema) ? null : schema;
        _table = table;
        CommandTimeoutSeconds = commandTimeoutSeconds;
        DisplayName = $"{connectionName}: {(_schema is null ? string.Empty : _schema + ".")}{table}";
    }

    /// <inheritdoc/>
    public override string DisplayName { get; }

    /// <inheritdoc/>
    protected override int CommandTimeoutSeconds { get; }

    /// <inheritdoc/>
    protected override SqlDialect Dialect => PostgresDialect.Instance;

    /// <inheritdoc/>
    protected override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // PostgreSQL compiles a statement with LLVM once its estimated cost passes jit_above_cost. The aggregation is
            // one statement of many expressions (cleaning rules, hashes, a dozen aggregates): on Online Retail the server
            // spent 7.8 s of an 18 s run compiling it (auto_explain), far more than compiled expressions save on a scan
            // of a few million rows. Off for this connection only (a pooled connection is reset when returned).
            await using var settings = connection.CreateCommand();
            settings.CommandText = "SET jit = off";
            await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    protected override string Relation(SqlParameters parameters) =>
        _schema is null ? Dialect.QuoteIdentifier(_table) : Dialect.QuoteIdentifier(_schema) + "." + Dialect.QuoteIdentifier(_table);

    /// <inheritdoc/>
    protected override SourceException Explain(Exception exception, string stage)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var table = (_schema is null ? string.Empty : _schema + ".") + _table;
        var message = exception switch
        {
            PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName } => $"there is no table or view '{table}' (names are matched exactly, case included).",
            PostgresException { SqlState: PostgresErrorCodes.UndefinedColumn } => $"a mapped column is missing from '{table}'.",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } => $"the user of connection '{_connectionName}' has no permission to read '{table}'.",
            PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => $"the server did not finish within {CommandTimeoutSeconds} s ({stage}); the query was cancelled.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } => $"the server refused the credentials of connection '{_connectionName}'; fix them in the configuration.",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } => $"the database named in connection '{_connectionName}' does not exist.",
            PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) => $"a value in '{table}' could not be converted to the type its role needs; check the column mapping.",
            NpgsqlException { InnerException: TimeoutException } => $"the server did not answer within {CommandTimeoutSeconds} s ({stage}).",
            NpgsqlException { IsTransient: true } or System.Net.Sockets.SocketException => $"the server of connection '{_connectionName}' cannot be reached; check that it runs and the network allows it.",
            TimeoutException => $"the server did not answer in time ({stage}).",
            ArgumentException or FormatException => $"connection '{_connectionName}' is not a valid PostgreSQL connection string; fix it in the configuration.",
            _ => $"PostgreSQL could not run the query ({stage}).",
        };
        return new SourceException($"{DisplayName}: {message}", exception);
    }
}
