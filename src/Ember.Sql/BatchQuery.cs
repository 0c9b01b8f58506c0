namespace Ember.Sql;

/// <summary>
/// One stream's query, run on each batch: the batch's records go into a temporary table named <c>batch</c> on a
/// connection of their own, so batches of different streams, or of one stream run concurrently, never see each
/// other's rows, while the session's tables stay visible to all.
/// </summary>
internal sealed class BatchQuery<T, TResult>
{
    private const string BatchTable = "batch";
    private readonly SqlSession session;
    private readonly string query;
    private readonly RecordSchema<T> schema;

    /// <summary>
    /// Checks the query against an empty batch now, so that a record type without a column mapping, bad SQL or a
    /// result whose columns <typeparamref name="TResult"/> cannot hold fails when the stream is defined, not at the
    /// first batch. Only the columns are checked: the rows of an empty batch (a NULL sum) say nothing of later ones.
    /// </summary>
    public BatchQuery(SqlSession session, string query)
    {
        this.session = session;
        this.query = query;
        schema = RecordSchema<T>.Get();
        Run([], readRows: false);
    }

    /// <summary>The query's result over <paramref name="records"/>.</summary>
    public List<TResult> Run(IEnumerable<T> records) => Run(records, readRows: true);

    private List<TResult> Run(IEnumerable<T> records, bool readRows)
    {
        using var connection = session.Connect();
        schema.Load(connection, BatchTable, temporary: true, records);
        return DuckDbCommands.Query<TResult>(connection, query, readRows);
    }
}
