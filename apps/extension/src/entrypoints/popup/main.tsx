import { render } from "preact";
import "../../styles/theme.css";
import "./popup.css";
import { PopupApp } from "./PopupApp";

const root = document.getElementById("app");
if (root) render(<PopupApp />, root);
