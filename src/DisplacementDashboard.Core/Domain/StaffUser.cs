using Microsoft.AspNetCore.Identity;

namespace DisplacementDashboard.Core.Domain;

/// <summary>A staff account (ASP.NET Core Identity). Accounts are disabled, never deleted, so history keeps its names.</summary>
public sealed class StaffUser : IdentityUser
{
    public bool IsDisabled { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}

/// <summary>Role names. Editors change figures, sources and events; Admins also manage accounts.</summary>
public static class StaffRoles
{
    public const string Editor = "Editor";
    public const string Admin = "Admin";

    /// <summary>Either role may edit data.</summary>
    public const string EditorOrAdmin = Editor + "," + Admin;
}
