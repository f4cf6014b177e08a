using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DisplacementDashboard.Core.Data;

/// <summary>
/// A compiled query (<c>EF.CompileAsyncQuery</c>) for each EF model it meets. A compiled query binds to the first model it runs against and refuses any other, and
/// one process can hold several models (the app has one; tests and the benchmark harness build stores with their own
/// options). Compiling is lazy, once per model; the model is held weakly.
/// </summary>
/// <param name="compile">Calls <c>EF.CompileAsyncQuery(...)</c>; run once per model.</param>
internal sealed class PerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
