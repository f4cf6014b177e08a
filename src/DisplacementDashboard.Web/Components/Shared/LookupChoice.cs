namespace DisplacementDashboard.Web.Components.Shared;

/// <summary>One choice of a <see cref="LookupField{TValue}"/>: the stored value, the name people read, and a code they may type.</summary>
public sealed record LookupChoice<TValue>(TValue Value, string Label, string Code = "");
