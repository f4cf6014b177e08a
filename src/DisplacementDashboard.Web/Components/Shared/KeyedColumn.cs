using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>
/// A template column with a stable sort key. MudBlazor hands a server-side grid only <see cref="SortDefinition{T}.SortBy"/>,
/// which for a <see cref="TemplateColumn{T}"/> is a new GUID each render and for a <see cref="PropertyColumn{T, TProperty}"/>
/// is the C# property name; neither is a contract the database query or the address should depend on.
/// </summary>
/// <typeparam name="T">The grid's row type.</typeparam>
public sealed class KeyedColumn<T> : TemplateColumn<T>
{
    /// <summary>The key the grid reports as <see cref="SortDefinition{T}.SortBy"/> for this column (also used in the address).</summary>
    [Parameter, EditorRequired]
    public string Key { get; set; } = "";

    public override string PropertyName => Key;
}
