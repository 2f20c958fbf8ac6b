export default function UserDetailPage() { return null; }
