import { LoadingState } from "@/components/ui/states";

export default function PortalLoading() {
  return <LoadingState />;
}
