import { redirect } from "next/navigation";

// The app starts at the workflows list; the proxy sends signed-out visitors to sign in first.
export default function Home() {
  redirect("/workflows");
}
