extension CompanyDescription {
    /// Acme, a fictional telecoms company: 150 queues in six divisions (two pages of a 100-entity
    /// list), 30 flows of all six types, 40 wrap-up codes and 10 skills.
    ///
    /// Queue names are unique across the org. Flow names repeat across types, as §5 allows:
    /// `Customer Care` is an inbound call, chat and email flow, `Main IVR` both an inbound call
    /// flow and a workflow, so a flow can only be matched by name *and* type.
    public static let acme = CompanyDescription(
        name: "Acme",
        divisions: [
            productDivision("Mobile", prefix: "Mobile"),
            productDivision("Broadband", prefix: "Broadband"),
            productDivision("TV & Streaming", prefix: "TV"),
            productDivision("Home Security", prefix: "Security"),
            productDivision("Business", prefix: "Business"),
            Division(name: "Shared Services", queueNames: sharedServiceQueues),
        ],
        flows: [
            Flow(name: "Main IVR", type: "inboundcall"),
            Flow(name: "Customer Care", type: "inboundcall"),
            Flow(name: "Billing IVR", type: "inboundcall"),
            Flow(name: "Tech Support IVR", type: "inboundcall"),
            Flow(name: "Business Line", type: "inboundcall"),
            Flow(name: "After Hours", type: "inboundcall"),
            Flow(name: "Spanish Line", type: "inboundcall"),
            Flow(name: "Claims Hotline", type: "inboundcall"),
            Flow(name: "Porting Line", type: "inboundcall"),
            Flow(name: "Customer Care", type: "inboundchat"),
            Flow(name: "Web Chat", type: "inboundchat"),
            Flow(name: "Sales Chat", type: "inboundchat"),
            Flow(name: "Support Chat", type: "inboundchat"),
            Flow(name: "Messaging Router", type: "inboundchat"),
            Flow(name: "Customer Care", type: "inboundemail"),
            Flow(name: "Support Email", type: "inboundemail"),
            Flow(name: "Billing Email", type: "inboundemail"),
            Flow(name: "Sales Email", type: "inboundemail"),
            Flow(name: "Standard Hold", type: "inqueuecall"),
            Flow(name: "Priority Hold", type: "inqueuecall"),
            Flow(name: "Callback Offer", type: "inqueuecall"),
            Flow(name: "Spanish Hold", type: "inqueuecall"),
            Flow(name: "Renewal Campaign", type: "outboundcall"),
            Flow(name: "Collections Campaign", type: "outboundcall"),
            Flow(name: "Survey Campaign", type: "outboundcall"),
            Flow(name: "Win-back Campaign", type: "outboundcall"),
            Flow(name: "Callback Scheduler", type: "workflow"),
            Flow(name: "Post-Call Survey", type: "workflow"),
            Flow(name: "Case Sync", type: "workflow"),
            Flow(name: "Main IVR", type: "workflow"),
        ],
        wrapupCodeNames: [
            "Resolved", "Information Provided", "Transferred", "Billing Adjustment", "Callback Scheduled",
            "Payment Taken", "Escalated", "Follow-up Required", "Resolved - First Contact", "Technician Dispatched",
            "Appointment Booked", "Order Placed", "Upgrade Sold", "Plan Changed", "Cancellation Saved",
            "Cancellation Processed", "Outage Confirmed", "Password Reset", "Account Updated", "Address Changed",
            "Refund Issued", "Payment Plan Arranged", "Number Ported", "Device Replaced", "Return Authorised",
            "Claim Opened", "Claim Updated", "Fraud Reported", "Complaint Logged", "Survey Completed",
            "Voicemail Left", "No Answer", "Customer Hung Up", "Wrong Number", "Duplicate Contact",
            "Do Not Call", "Language Barrier", "Technical Issue", "Spam", "Other",
        ],
        skills: ["Billing", "Technical", "Sales", "Retention", "Spanish", "French", "VIP", "Claims", "Business", "Accessibility"]
    )

    /// The 25 functions every product division staffs, busiest first.
    private static let productFunctions = [
        "Billing", "Tech Support Tier 1", "Sales", "Payments", "Retention", "Upgrades", "Outages",
        "Tech Support Tier 2", "Orders", "Activations", "Cancellations", "Appointments", "Installations", "Moves",
        "Returns", "Porting", "Loyalty", "Escalations", "Callbacks", "General Enquiries", "Tech Support Tier 3",
        "Spanish", "French", "VIP", "Email",
    ]

    /// The 25 queues of the shared-services division, busiest first; named without a prefix.
    private static let sharedServiceQueues = [
        "Complaints", "Fraud Prevention", "Collections", "Identity Verification", "Refunds", "Disputes",
        "Chargebacks", "Collections Late Stage", "Executive Escalations", "Regulatory Complaints", "Credit Checks",
        "Accessibility Support", "Bereavement Support", "Vulnerable Customers", "Warranty Claims",
        "Insurance Claims", "Device Repairs", "Logistics", "Field Dispatch", "Partner Support", "Reseller Support",
        "Internal Helpdesk", "Outbound Surveys", "Social Media", "Collections Early Stage",
    ]

    private static func productDivision(_ name: String, prefix: String) -> Division {
        Division(name: name, queueNames: productFunctions.map { "\(prefix) \($0)" })
    }
}
