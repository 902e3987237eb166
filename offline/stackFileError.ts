/** A project or stack file the Pulumi CLI would refuse too, or one whose config this program would not see. */
export class StackFileError extends Error {}
